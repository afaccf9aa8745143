"""A realistic fictional home, for `handover demo` and for benchmarks.

`build_demo` makes Larch House: six young people, eighteen staff and eight weeks of ruptures and repairs,
with ten still open at every stage of waiting, so the board has something true to life to show.
`build_history` makes five years of a larger home for benchmarks (tens of thousands of ruptures).

Everything is fictional and deterministic: the same seed and the same `now` give the same database, so
snapshots and benchmark figures can be compared run to run. The texts are written the way the practice asks
records to be written: facts, from the adult's side, owning the adult's part, in words a young person could
later read about themselves.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from db.store import Store
from handover.clock import FrozenClock
from handover.domain import lifecycle
from handover.domain.enums import EventKind, Role, RuptureKind, Severity
from handover.domain.errors import InvalidInput
from handover.domain.models import Event, NewRupture, Rupture
from handover.domain.validation import optional_time
from handover.service import UNOWNED, Service

DEMO_HOME = "Larch House"
HISTORY_HOME = "Rowan Lodge"
#: How far back the demo's history goes.
DEMO_WEEKS = 8
#: Ruptures in the demo that were repaired (the open ones come on top: see _OPEN_SHAPES).
DEMO_REPAIRED = 140


def _home_zone() -> tzinfo:
    # Times of day (tea, bedtime, the school run) are local; fall back to UTC where no tz database exists.
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        return UTC


TZ = _home_zone()


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` made, for the CLI to report."""

    path: Path
    young_people: int
    staff: int
    ruptures: int
    open: int


# -- people ------------------------------------------------------------------------------------------------
# Ordinary first names and unremarkable surnames. Pairs are drawn without replacement, so no two people
# share a first name (staff type first names) or a surname (nobody looks related), and the pools were
# checked so that no pairing makes a well-known person.
_YOUNG_FIRST: tuple[tuple[str, str], ...] = (
    ("Jordan", "he"), ("Mia", "she"), ("Kayden", "he"), ("Leah", "she"), ("Tyler", "he"), ("Ellie", "she"),
    ("Callum", "he"), ("Aaliyah", "she"), ("Deon", "he"), ("Ruby", "she"), ("Sam", "they"), ("Ashton", "he"),
    ("Kacey", "she"), ("Reece", "he"), ("Tia", "she"), ("Harvey", "he"), ("Shannon", "she"), ("Logan", "he"),
    ("Demi", "she"), ("Alfie", "he"), ("Skye", "she"), ("Corey", "he"), ("Nadia", "she"), ("Robin", "they"),
    ("Bailey", "he"), ("Lacey", "she"), ("Leon", "he"), ("Keira", "she"), ("Theo", "he"), ("Paige", "she"),
    ("Jayden", "he"), ("Holly", "she"), ("Alex", "they"), ("Riley", "he"), ("Chloe", "she"), ("Kai", "he"),
    ("Amelia", "she"), ("Ethan", "he"), ("Jade", "she"), ("Mason", "he"),
)  # fmt: skip
_STAFF_FIRST: tuple[str, ...] = (
    "Priya", "Dan", "Marcia", "Tom", "Joanne", "Kwame", "Becky", "Steve", "Aisha", "Gareth", "Nikki", "Femi",
    "Laura", "Martin", "Shona", "Imran", "Claire", "Rob", "Yasmin", "Carl", "Donna", "Lee", "Hannah", "Sanjay",
    "Gemma", "Wes", "Tracey", "Ollie", "Zainab", "Mo", "Lisa", "Nadine", "Kerry", "Chidi", "Ros", "Eleanor",
    "Vic", "Sunita", "Bev", "Jamal", "Fiona", "Kieran", "Pauline", "Omar", "Trish", "Dev",
)  # fmt: skip
_SURNAMES: tuple[str, ...] = (
    "Okafor", "Whitfield", "Pereira", "Gallagher", "Nowak", "Hussain", "Brennan", "Ashworth", "Doyle", "Mensah",
    "Kowalski", "Rahman", "Quinn", "Oduya", "Bartley", "Sutcliffe", "Greaves", "Baptiste", "Begum", "Thorne",
    "Hollis", "Pickering", "Adeyemi", "Dunmore", "Roper", "Iqbal", "Cavanagh", "Ellison", "Farrant", "Haigh",
    "McBride", "Osei", "Rowntree", "Tierney", "Varga", "Yeung", "Dobson", "Fairclough", "Gill", "Hanley", "Kaur",
    "Lister", "Moran", "Ogden", "Rigby", "Crossley", "Ainsworth", "Bramley", "Chadwick", "Dakin", "Eccles",
    "Fenwick", "Gorton", "Holroyd", "Ibbotson", "Jaworski", "Kilbride", "Lomax", "Marchetti", "Naylor",
    "Oyelaran", "Prendergast", "Royle", "Sowerby", "Tranter", "Uddin", "Wilde", "Yardley", "Ziolkowski",
    "Barraclough", "Duffy", "Harrop", "Openshaw", "Bickerstaff", "Mellor", "Pendlebury", "Sharrock", "Aspinall",
)  # fmt: skip

_PRONOUNS: dict[str, dict[str, str]] = {
    "he": {"they": "he", "them": "him", "their": "his", "theirs": "his", "were": "was"},
    "she": {"they": "she", "them": "her", "their": "her", "theirs": "hers", "were": "was"},
    "they": {"they": "they", "them": "them", "their": "their", "theirs": "theirs", "were": "were"},
}


@dataclass(frozen=True)
class _Person:
    """A young person or staff member while the home is being built: who, and when they were here."""

    first: str
    last: str
    pronoun: str = "they"
    role: Role = Role.STAFF
    start: datetime | None = None  # arrived or joined; None: before anything in the build
    end: datetime | None = None  # left; None: still here
    id: int = 0

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def here_at(self, at: datetime) -> bool:
        return (self.start is None or self.start <= at) and (self.end is None or at < self.end)


def _pick_names(rng: random.Random, firsts: Sequence[Any], n: int, taken: set[str]) -> list[tuple[Any, str]]:
    """n (first, surname) pairs: distinct first names, and surnames not yet `taken`, while the pools last."""
    free = [s for s in _SURNAMES if s not in taken]
    if n <= min(len(firsts), len(free)):
        surnames = rng.sample(free, n)
        taken.update(surnames)
        return list(zip(rng.sample(list(firsts), n), surnames, strict=True))
    # More people than names (a very large benchmark): fall back to distinct pairs.
    if n > len(firsts) * len(_SURNAMES):
        raise InvalidInput(f"Cannot make {n} different fictional names; the most is {len(firsts) * len(_SURNAMES)}.")
    picks = rng.sample(range(len(firsts) * len(_SURNAMES)), n)
    return [(firsts[i // len(_SURNAMES)], _SURNAMES[i % len(_SURNAMES)]) for i in picks]


# -- texts -------------------------------------------------------------------------------------------------
# Placeholders: {name} is the young person's first name; {they} {them} {their} {theirs} {were} (and {They},
# {Their}) follow their pronouns; {other} is the second adult; {prev} and {new} are owners in a handover.
# Past tense throughout, so one template reads right for he, she and they.
# A leading "HH-HH|" gives the local hours the words fit ("at bedtime" does not happen at 10:00).
class _Text(NamedTuple):
    hours: tuple[int, int] | None
    text: str
    repairs: tuple[str, ...] = ()  # for a rupture: repairs that answer this very story


def _t(text: str, *repairs: str) -> _Text:
    head, bar, rest = text.partition("|")
    if not bar:
        return _Text(None, text, repairs)
    start, _, end = head.partition("-")
    return _Text((int(start), int(end)), rest, repairs)


# What happened, from the adult's side, and repairs in the adult's words: what happened named honestly,
# the adult's own part, and ordinary presence afterwards.
_WHAT_HAPPENED: dict[RuptureKind, tuple[_Text, ...]] = {
    RuptureKind.HARSH_TONE: (
        _t("I told {name} to get off the Xbox in a sharp voice in front of the others. {They} went to {their} "
           "room and slammed the door.",
           "Found {name} later and said I'd told {them} off in a sharp voice in front of everyone, and that wasn't "
           "fair on {them}. Asked if {they} wanted a game before tea.",
           "Said to {name}: 'I spoke to you sharply about the Xbox, in front of the others. I'm sorry. Next time "
           "I'll have a word with you on your own.'"),
        _t("19-24|At bedtime I raised my voice when {name} asked for ten more minutes. I said 'I'm not asking "
           "again' and walked off before {they} could answer.",
           "Said to {name} that I raised my voice at bedtime and walked off before {they} could answer, and that "
           "wasn't OK. Sat with {them} for ten minutes and talked about {their} day.",
           "Told {name} I was sorry for shouting at bedtime. Said {they} can always ask, and I'll answer calmly."),
        _t("6-10|{name} was slow getting ready for school and I snapped at {them} at the front door: 'every "
           "single morning'. {They} walked to the car without speaking.",
           "Told {name} I snapped at {them} at the door, and that mornings being hard isn't {their} fault. Asked "
           "what would make mornings easier.",
           "Said sorry to {name} for what I said at the door. We agreed I'd give a ten-minute warning instead."),
        _t("15-21|I lost patience with {name} over homework and said 'we've been over this three times'. {They} "
           "pushed the book away and left the table.",
           "Went back to {name} and said I lost patience over the homework, and that was my frustration, not "
           "{them} being slow. Offered to try it together another way.",
           "Said to {name} that 'we've been over this three times' was unkind. Sat with {them} and we did two "
           "questions together."),
        _t("16-24|When {name} came back forty minutes after the agreed time, I raised my voice at the door before "
           "asking where {they} had been. {They} swore and went upstairs.",
           "Told {name} I shouted at the door before asking if {they} {were} OK, and that I should have asked "
           "first. Said I was worried, not just cross.",
           "Said to {name}: 'I raised my voice before I even knew where you'd been. I'm sorry. I was worried "
           "about you.'"),
        _t("16-20|I spoke sharply to {name} at tea for reaching across the table. The others laughed and {they} "
           "left {their} meal half-eaten.",
           "Said to {name} that I spoke sharply at tea in front of everyone and it embarrassed {them}. Saved "
           "{them} a plate and sat with {them} while {they} ate.",
           "Told {name} I was sorry for speaking to {them} like that at the table, in front of the others."),
        _t("In the car {name} kept changing the radio station. I said 'Enough!' loudly and switched it off. "
           "{They} put {their} hood up and did not speak for the rest of the journey.",
           "Said to {name} that I shouted in the car, and that switching it off without a word wasn't fair. Let "
           "{them} choose the music on the next trip.",
           "Told {name} I lost my temper over the radio and I was sorry. We agreed to take turns."),
        _t("I called up the stairs for {name} to come down for the third time, and by then I was shouting. "
           "{They} came down, said I was 'always on at' {them}, and went straight back up.",
           "Went up to {name} and said shouting up the stairs was not OK, and that I'll come and find {them} "
           "instead.",
           "Said to {name} that I was shouting by the third time and that's on me. Asked if {they} wanted a hand "
           "with what {they} {were} doing."),
    ),
    RuptureKind.WITHDRAWAL: (
        _t("15-24|After {name} told me to leave {them} alone during the film, I stayed in the office for the "
           "rest of the shift and did not check in with {them} again.",
           "Told {name} that I kept away all evening after the film, and that was me being hurt, not {them} "
           "doing anything wrong. Asked if {they} wanted to watch the next one together.",
           "Said to {name}: 'I kept away from you after the film and that wasn't OK. I'm still here.'"),
        _t("{name} wanted to show me a video at handover and I said 'not now' without looking up. I did not go "
           "back to it before I left.",
           "Asked {name} to show me the video I'd said 'not now' to, and said I was sorry for not even looking "
           "up.",
           "Told {name} I brushed {them} off at handover and that {they} deserved better. We watched the video "
           "together."),
        _t("14-24|I was still annoyed about the morning and kept my answers to {name} short all afternoon. "
           "{They} asked if I was angry with {them} and I said 'I'm fine'.",
           "Told {name} I was short with {them} all afternoon because I was still annoyed about the morning, and "
           "that was mine to sort out, not {theirs}.",
           "Said to {name} that when {they} asked if I was angry, 'I'm fine' wasn't honest. I was annoyed, it has "
           "passed, and I'm glad to be with {them}."),
        _t("{name} sat with me in the kitchen wanting to talk, and I carried on with the paperwork. {They} left "
           "after a few minutes.",
           "Went to find {name} and said I kept doing paperwork when {they} wanted to talk, and I'm sorry. Asked "
           "what {they} had wanted to tell me.",
           "Told {name} the paperwork could wait and {they} couldn't. Made us both a drink and listened."),
        _t("15-22|{name} said I 'always pick on' {them} when I asked {them} to tidy up. I went quiet and only "
           "spoke to the other young people for the rest of the evening.",
           "Said to {name} that I went quiet and left {them} out all evening after {they} said I pick on {them}, "
           "and that was not fair. Asked what makes {them} feel picked on.",
           "Told {name} that ignoring {them} was the wrong way to deal with being told I pick on {them}. Said I "
           "want to hear it when {they} feel that way."),
    ),
    RuptureKind.CUTTING_REMARK: (
        _t("15-22|{name} said I was 'only here for the money' in front of the others. I said nothing back and "
           "kept my distance from {them} for the rest of the evening.",
           "Told {name} that I went quiet and kept my distance after what {they} said, and that I should have "
           "stayed. Said I'm here because I want to be.",
           "Said to {name} that what {they} said stung, and I dealt with it by keeping away, which wasn't fair "
           "on {them}."),
        _t("16-20|When I asked {name} to put the phone away at the table, {they} said 'you're not my mum'. I "
           "answered 'lucky me'. {They} stopped talking to me for the rest of the meal.",
           "Said to {name} that 'lucky me' was a hurtful thing to say and I'm sorry. Said I know I'm not {their} "
           "mum, and I still care how {their} day goes.",
           "Told {name} I answered {them} with a dig, and that's not how I want to talk to {them}."),
        _t("15-21|I made a joke about the state of {name}'s room in front of {their} friend from school. {They} "
           "went red and asked the friend to leave.",
           "Told {name} I embarrassed {them} in front of {their} friend and that was wrong of me. Asked if {they} "
           "wanted to invite the friend back at the weekend.",
           "Said sorry to {name} for joking about {their} room in front of {their} friend. It's {their} room and "
           "{their} business."),
        _t("{name} called me useless when the Wi-Fi went down. I replied that if {they} spoke to people like "
           "that {they} couldn't expect favours. {They} walked out of the lounge.",
           "Said to {name} that my answer about favours was a dig and it wasn't fair. The Wi-Fi going down was "
           "annoying for everyone.",
           "Told {name} I answered back instead of helping, and I'm sorry. Asked how I can help next time."),
        _t("I asked {name} why {they} couldn't 'just get on with it like the others'. {They} said 'fine' and "
           "went to {their} room.",
           "Told {name} I was wrong to compare {them} with the others, and that nobody has to be like anyone "
           "else here.",
           "Said to {name} that comparing {them} to the others was unkind and I'm sorry."),
    ),
    RuptureKind.LIMIT_TESTING: (
        _t("{name} kept turning the music back up after I had asked three times. I unplugged the speaker "
           "without a word and took it to the office. {They} kicked the office door.",
           "Gave {name} the speaker back and said I should have talked to {them} instead of unplugging it. We "
           "agreed a volume we can both live with.",
           "Said to {name} that taking the speaker without a word was heavy-handed. The rule on volume stays, "
           "but I'm sorry for how I did it."),
        _t("18-23|{name} asked again and again to stay up for the match. I said no, then yes, then no again when "
           "the shift lead came in. {They} said I 'never mean anything' I say.",
           "Explained to {name} that I kept changing my answer and that was confusing; the answer is no on "
           "school nights and it will be the same next time. Said sorry for the muddle.",
           "Told {name} I was sorry for saying yes and then no; that was me not holding steady, not {them} doing "
           "wrong."),
        _t("{name} hid my lanyard as a joke and would not give it back. I got cross and said I would ring "
           "{their} social worker. {They} threw it on the floor and went out to the garden.",
           "Said to {name} that threatening to ring {their} social worker over a joke was out of proportion and "
           "I'm sorry. The lanyard has to stay with me, and I'm not going anywhere."),
        _t("16-20|{name} would not come in from the trampoline at tea time and I stood at the back door calling "
           "across the garden. {They} stayed out until it was dark.",
           "Told {name} that shouting across the garden didn't help and I should have gone out to {them}. We "
           "agreed a five-minute warning for tea."),
        _t("{name} swore at me when I said no to a friend staying over. I swore back under my breath and {they} "
           "heard it.",
           "Told {name} I swore back and that was wrong, whatever had been said to me. The answer about the "
           "sleepover still stands.",
           "Said sorry to {name} for swearing. Said I expect the same from myself as I ask of {them}."),
    ),
    RuptureKind.BROKEN_PROMISE: (
        _t("15-18|I promised {name} we would go to the skate park after school, then cancelled because we were "
           "short-staffed. I told {them} at the door and did not offer another day.",
           "Told {name} I let {them} down over the skate park and that it wasn't {their} fault we were short. We "
           "put a new day on the calendar in the office together.",
           "Said sorry to {name} for cancelling and not offering another day. Booked Thursday and put it on the "
           "rota so it happens."),
        _t("I said I would sit with {name} at {their} review meeting, then I was moved to another shift. Nobody "
           "told {them} until the morning of the meeting.",
           "Said to {name} that {they} should have been told I couldn't be at the review, and I'm sorry {they} "
           "found out that morning. Asked how it went and what {they} wanted me to know."),
        _t("I forgot to ring about {name}'s football kit as I had said I would. {They} missed training on "
           "Saturday.",
           "Told {name} I forgot the call about the kit and that's why {they} missed training, not anything "
           "{they} did. We rang the club together and sorted it."),
        _t("I told {name} I would help {them} bake for {their} sister's birthday, then ran out of time. The cake "
           "was not made before contact.",
           "Said sorry to {name} for running out of time on the cake. We baked one together at the weekend and "
           "sent a photo to {their} sister."),
        _t("18-23|I said {name} could phone {their} nan after tea. The evening got busy and it was too late to "
           "call. {They} went to bed without saying goodnight.",
           "Told {name} I let the evening get away and {they} missed the call to {their} nan because of me. We "
           "set the call up for early evening the next day."),
    ),
    RuptureKind.SANCTION: (
        _t("I stopped {name}'s pocket money for the week after the broken window, and told {them} in front of "
           "the others. {They} said 'I didn't even do it' and left the room.",
           "Said to {name} that telling {them} in front of the others was wrong, even though the consequence "
           "stands. Listened to {their} side about the window.",
           "Went back to {name} and said I should have heard {their} side first. Said I would look at it again "
           "with the shift lead."),
        _t("0-4|I found {name} on {their} phone at 2am and took it off {them} for the night in a rush, without "
           "saying when {they} would get it back. {They} shouted that I was stealing it.",
           "Gave {name} the phone back in the morning and said I took it in a rush without explaining. Told "
           "{them} the plan for phones at night."),
        _t("I stopped {name} going out at the weekend for coming back late, which meant {they} missed a party "
           "{they} had been looking forward to. {They} said I had 'ruined everything'.",
           "Said to {name} that stopping the weekend meant missing the party, and I hadn't thought about that. "
           "I'm sorry {they} missed it; the rule on coming back on time still stands."),
    ),
    RuptureKind.RESTRAINT: (
        _t("{name} was hitting {their} head against the wall in the hallway. {other} and I held {their} arms "
           "for about two minutes until {they} {were} calmer. {They} said we were hurting {them}.",
           "With {other}, sat with {name} somewhere quiet and went through what happened. Said we held {their} "
           "arms because we were scared {they} would get hurt, that it must have been frightening, and asked "
           "what would help next time.",
           "Spoke to {name} with {other} there. Said we heard {them} say we were hurting {them}, that we held "
           "{them} for about two minutes, and asked what {they} would want us to do differently."),
        _t("{name} ran towards the road after a phone call with {their} dad. {other} and I held {them} on the "
           "pavement for around three minutes. {They} cried and said {they} hated it here.",
           "With {other}, talked with {name} about being held on the pavement: we did it because of the road, "
           "and it must have been frightening after that call. Asked what would help after calls with {their} "
           "dad."),
        _t("{name} picked up a kitchen knife during an argument with another young person. {other} and I guided "
           "{them} away and held {their} arms until {they} put it down. {They} did not speak to either of us "
           "afterwards.",
           "Sat with {name}, with {other}, and said we held {their} arms because of the knife, not to punish "
           "{them}. Said {they} {were} not in trouble and asked what would help when things get that bad."),
    ),
    RuptureKind.OTHER: (
        _t("I talked about {name}'s contact being cancelled on the office phone with the door open. {They} heard "
           "it from the hall before anyone had told {them}.",
           "Told {name} that {they} should have heard about contact from us first, in private, and I'm sorry "
           "{they} found out that way. Asked what {they} wanted to know."),
        _t("16-20|I read out {name}'s school report at tea without asking {them} first. {They} went quiet and "
           "did not finish {their} meal.",
           "Said to {name} that I should have asked before reading out {their} report, and that it was {theirs} "
           "to share. I'm sorry."),
    ),
}  # fmt: skip
#: Short, general repairs, for when the words were not about the particulars.
_GENERAL_REPAIRS: tuple[_Text, ...] = (
    _t("15-19|Caught {name} after school and named it: I had handled it badly and I was sorry. Did not push "
       "for more; we made hot chocolate."),
    _t("18-22|Went to find {name} after tea and said I'd got it wrong earlier and that wasn't fair on {them}. "
       "Asked if {they} wanted a hand with the game later."),
    _t("19-24|Knocked on {name}'s door before bed and said: 'I got that wrong earlier, and I'm sorry.' Stayed a "
       "few minutes talking about {their} day."),
    _t("Said to {name} that things went wrong between us and I had played my part in it. Asked if {they} wanted "
       "to walk to the shop with me."),
    _t("Told {name} straight what I did and that I was sorry, then asked about {their} day as normal."),
)  # fmt: skip
#: How the young person responded, in their words where they gave any.
_RESPONSES: tuple[_Text, ...] = tuple(
    _t(text)
    for text in (
        "17-21|{They} said 'whatever' but came down for supper.",
        "{They} said 'it's fine' and carried on with the game.",
        "{They} shrugged, then asked if I was on shift tomorrow.",
        "{They} said 'you were well out of order', then 'OK'.",
        "{They} didn't say much but sat with me for the rest of the programme.",
        "{They} said 'I know you're stressed, it's alright.'",
        "{They} said 'you always say sorry'. I said I could see why {they} would think that.",
        "19-24|{They} gave me a fist bump at bedtime.",
        "{They} said thank you for coming to find {them}.",
        "{They} laughed and said I was 'proper grumpy'.",
        "{They} said {they} didn't want to talk about it, then asked me to help with {their} homework.",
        "{They} nodded and asked what was for tea.",
    )
)
_PLANS: tuple[_Text, ...] = tuple(
    _t(text)
    for text in (
        "I'll catch {name} after school, before tea, and say I was wrong to speak to {them} like that.",
        "Ask {name} to come on the shopping run with me and talk about it in the car, where it's less of a big deal.",
        "Speak to {name} at breakfast. Say what I did and that it's on me, not {them}.",
        "Wait until after {their} contact visit, then find {name} for a quiet word in the garden.",
        "Offer {name} a game of pool this evening and say sorry properly while we play.",
        "Knock on {name}'s door after homework and name what happened. Keep it short.",
        "Talk to {name} on the walk to school. If {they} would rather talk to {their} key worker, that's fine too.",
    )
)
_RESTRAINT_PLAN = (
    "Sit down with {name} and {other} somewhere of {their} choosing, go through what happened and why we held "
    "{them}, and ask what would help next time."
)
_ATTEMPTS: tuple[_Text, ...] = tuple(
    _t(text)
    for text in (
        "19-24|Knocked on {name}'s door at bedtime. {They} said 'go away'. I said I wasn't cross and I'd try "
        "again tomorrow.",
        "6-10|Tried at breakfast, but {name} was rushing for the bus and said 'not now'. Will try after school.",
        "Started to say sorry in the lounge but {name} put {their} headphones on. Left it; will try somewhere quieter.",
        "Went to find {name} in the garden. {They} walked off. I said I'd be around when {they} {were} ready.",
        "{name} was still upset and said {they} didn't want to talk to me. I said that was OK and I'd come back later.",
        "15-18|Tried in the car on the way back from school; {name} turned the music up. Didn't push it.",
    )
)
_REASSIGN: tuple[_Text, ...] = tuple(
    _t(text)
    for text in (
        "{prev} is on annual leave until next week; {new} is on shift and knows {name} well.",
        "{prev} is on nights this week, so {new} will pick it up in the day.",
        "{name} asked to talk to {new} rather than {prev}.",
        "{prev} is off sick.",
        "Moved to {new}, {name}'s key worker, who is on tomorrow.",
    )
)
_ASSIGN_UNOWNED: tuple[_Text, ...] = tuple(
    _t(text)
    for text in (
        "Picked up at handover: nobody owned it yet.",
        "{new} was there and is on shift tomorrow.",
        "{new} offered to take it at handover.",
    )
)

#: Kinds of everyday rupture and how often each happens (restraints are placed separately, and rarely).
_KIND_WEIGHTS: dict[RuptureKind, int] = {
    RuptureKind.HARSH_TONE: 30,
    RuptureKind.WITHDRAWAL: 17,
    RuptureKind.CUTTING_REMARK: 16,
    RuptureKind.LIMIT_TESTING: 16,
    RuptureKind.BROKEN_PROMISE: 13,
    RuptureKind.SANCTION: 5,
    RuptureKind.OTHER: 3,
}
#: Local hours when ruptures tend to happen: the school run, after school, tea and bedtime.
_HOUR_WEIGHTS: tuple[float, ...] = (
    0.3, 0.2, 0.2, 0.1, 0.1, 0.1, 0.4, 3, 3, 1, 1, 1, 1.5, 1.5, 1.5, 2.5, 3, 3, 4, 4, 4, 4, 2, 1,
)  # fmt: skip


class _Writer:
    """Fills the templates for one build: words that fit the hour, and not the same words twice running
    for the same young person (a record that repeats itself reads as made up)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._recent: dict[tuple[int, int], list[_Text]] = {}

    def choose(self, pool: Sequence[_Text], at: datetime, young: _Person) -> _Text:
        hour = at.astimezone(TZ).hour
        fits = [t for t in pool if t.hours is None or t.hours[0] <= hour < t.hours[1]]
        fits = fits or [t for t in pool if t.hours is None] or list(pool)
        recent = self._recent.setdefault((young.id, id(pool)), [])
        chosen = self.rng.choice([t for t in fits if t not in recent] or fits)
        recent.append(chosen)
        del recent[:-3]
        return chosen

    def pick(self, pool: Sequence[_Text], at: datetime, young: _Person, **names: str) -> str:
        return _fill(self.choose(pool, at, young).text, young, **names)

    def repaired(self, plan: _Plan, at: datetime) -> dict[str, Any]:
        other = plan.adults[1].first if len(plan.adults) > 1 else ""
        # Mostly words answering this very rupture; sometimes the short, general kind (never for a hold).
        if plan.repairs and (plan.kind is RuptureKind.RESTRAINT or self.rng.random() < 0.8):
            note = _fill(self.rng.choice(plan.repairs), plan.young, other=other)
        else:
            note = self.pick(_GENERAL_REPAIRS, at, plan.young)
        # The young person's response is often not written down, and that is fine.
        response = self.pick(_RESPONSES, at, plan.young) if self.rng.random() < 0.7 else ""
        return {"note": note, "response": response}

    def assigned(self, young: _Person, previous: _Person | None, new: _Person, at: datetime) -> dict[str, Any]:
        if previous is None:
            reason = self.pick(_ASSIGN_UNOWNED, at, young, new=new.first)
        else:
            reason = self.pick(_REASSIGN, at, young, prev=previous.first, new=new.first)
        return {"owner_id": new.id, "previous_owner_id": previous.id if previous else None, "reason": reason}

    def planned(self, young: _Person, at: datetime, by_when: datetime) -> dict[str, Any]:
        return {"plan": self.pick(_PLANS, at, young), "by_when": optional_time(_quarter_after(by_when))}

    def attempted(self, young: _Person, at: datetime, next_try: datetime) -> dict[str, Any]:
        return {"note": self.pick(_ATTEMPTS, at, young), "next_try": optional_time(_quarter_after(next_try))}


def _fill(template: str, young: _Person, **names: str) -> str:
    """A template with the young person's name and pronouns (and any adults' names) put in."""
    words = dict(_PRONOUNS[young.pronoun])
    words |= {key.capitalize(): value.capitalize() for key, value in words.items()}
    words |= {"name": young.first, "other": "", "prev": "", "new": ""} | names
    return template.format(**words)


# -- times -------------------------------------------------------------------------------------------------
def _quarter_after(at: datetime) -> datetime:
    """The next quarter hour: people plan 'by 19:15', not 'by 19:07:41'."""
    base = at.replace(second=0, microsecond=0)
    return base + timedelta(minutes=15 - base.minute % 15)


def _between(rng: random.Random, start: datetime, end: datetime, low: float = 0.0, high: float = 1.0) -> datetime:
    return start + (end - start) * rng.uniform(low, high)


def _local_moment(rng: random.Random, around: datetime) -> datetime:
    """A plausible time of day, on the local day of `around`."""
    day = around.astimezone(TZ).date()
    hour = rng.choices(range(24), weights=_HOUR_WEIGHTS)[0]
    return datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=TZ).astimezone(UTC)


def _waking(rng: random.Random, at: datetime) -> datetime:
    """A repair step in the small hours moves to the next morning: it happens when the young person is up."""
    local = at.astimezone(TZ)
    if 7 <= local.hour < 22:
        return at
    day = local.date() + timedelta(days=1 if local.hour >= 22 else 0)
    return datetime.combine(day, time(7 + rng.randrange(3), rng.randrange(60)), tzinfo=TZ).astimezone(UTC)


def _repair_delay(rng: random.Random) -> timedelta:
    """How long after the rupture the repair happened: mostly within the day or two the practice asks for."""
    roll = rng.random()
    if roll < 0.35:
        hours = rng.uniform(0.5, 6)
    elif roll < 0.72:
        hours = rng.uniform(6, 24)
    elif roll < 0.93:
        hours = rng.uniform(24, 48)
    else:
        hours = rng.uniform(48, 80)
    return timedelta(hours=hours)


# -- plans: everything to be written, decided before anything is --------------------------------------------
@dataclass(frozen=True)
class _Step:
    """One entry after the recording, as it will be written."""

    at: datetime
    kind: EventKind
    actor: _Person
    payload: dict[str, Any]
    owner: _Person | None = None  # the new owner, for ASSIGNED


@dataclass
class _Plan:
    """One rupture and everything that will happen to it, decided before anything is written."""

    young: _Person
    adults: tuple[_Person, ...]
    occurred_at: datetime
    recorded_at: datetime
    recorder: _Person
    kind: RuptureKind
    severity: Severity
    what_happened: str
    owner: _Person | None
    repairs: tuple[str, ...] = ()  # repair notes that answer this story
    incident_ref: str | None = None
    steps: list[_Step] = field(default_factory=list)


def _kind(rng: random.Random) -> RuptureKind:
    return rng.choices(list(_KIND_WEIGHTS), weights=list(_KIND_WEIGHTS.values()))[0]


def _severity(rng: random.Random, kind: RuptureKind) -> Severity:
    if kind is RuptureKind.RESTRAINT:
        return Severity.SERIOUS if rng.random() < 0.7 else Severity.SIGNIFICANT
    chance = 0.35 if kind is RuptureKind.SANCTION else 0.1
    return Severity.SIGNIFICANT if rng.random() < chance else Severity.MINOR


def _new_plan(
    w: _Writer,
    who: _Person,
    adult: _Person,
    occurred: datetime,
    kind: RuptureKind,
    staff: Sequence[_Person],
    *,
    unowned: bool = False,
) -> _Plan:
    """A rupture as it gets recorded: by the adult involved or a shift lead on shift, a little after it."""
    rng = w.rng
    leads = [s for s in staff if s.role is Role.SHIFT_LEAD and s is not adult]
    adults: tuple[_Person, ...] = (adult,)
    if kind is RuptureKind.RESTRAINT:
        # A hold takes two adults, and a shift lead is usually one of them (leads are counted twice).
        seconds = [s for s in (*leads, *staff) if s is not adult and s.role is not Role.MANAGER]
        if seconds:
            adults = (adult, rng.choice(seconds))
        else:
            kind = RuptureKind.HARSH_TONE  # nobody else on shift: not a hold, whatever else it was
    others = [s for s in leads if s not in adults]
    # An unowned rupture is usually one a shift lead wrote up for someone else.
    by_adult = rng.random() < 0.65 and not unowned
    recorder = adult if by_adult or not others else rng.choice(others)
    late = (20, 120) if kind is RuptureKind.RESTRAINT else (5, 75)
    story = w.choose(_WHAT_HAPPENED[kind], occurred, who)
    return _Plan(
        young=who,
        adults=adults,
        occurred_at=occurred,
        recorded_at=occurred + timedelta(minutes=rng.randint(*late)),
        recorder=recorder,
        kind=kind,
        severity=_severity(rng, kind),
        what_happened=_fill(story.text, who, other=adults[1].first if len(adults) > 1 else ""),
        owner=None if unowned else adult,
        repairs=story.repairs,
    )


def _staff_at(staff: Sequence[_Person], at: datetime) -> list[_Person]:
    # A post can stand empty for a while; then whoever has joined by then covers.
    return [s for s in staff if s.here_at(at)] or [s for s in staff if s.start is None or s.start <= at] or [*staff]


def _add_steps(w: _Writer, plan: _Plan, kinds: Sequence[EventKind], end: datetime, staff: Sequence[_Person]) -> None:
    """Reassignments, plans and attempts between the recording and `end`, then the repair at `end` if
    REPAIRED is the last of `kinds`. An unowned rupture is picked up before anything else happens to it."""
    rng = w.rng
    repair = bool(kinds) and kinds[-1] is EventKind.REPAIRED
    middle = list(kinds[:-1] if repair else kinds)
    times = sorted(_between(rng, plan.recorded_at, end, 0.05, 0.95) for _ in middle)
    # Move night-time steps to the morning where that keeps them in order (waking night staff exist too).
    bound = end
    for i in reversed(range(len(times))):
        moved = _waking(rng, times[i])
        times[i] = moved if moved < bound else times[i]
        bound = times[i]
    owner = plan.owner
    for n, (at, kind) in enumerate(zip(times, middle, strict=True)):
        following = times[n + 1] if n + 1 < len(times) else end
        if owner is None or kind is EventKind.ASSIGNED:
            here = _staff_at(staff, at)
            new = rng.choice([s for s in here if s is not owner and s.role is not Role.MANAGER] or here)
            leads = [s for s in here if s.role is not Role.STAFF] or here
            actor = owner if owner is not None and rng.random() < 0.4 else rng.choice(leads)
            plan.steps.append(_Step(at, EventKind.ASSIGNED, actor, w.assigned(plan.young, owner, new, at), new))
            owner = new
        elif kind is EventKind.PLANNED:
            plan.steps.append(_Step(at, kind, owner, w.planned(plan.young, at, following)))
        else:
            plan.steps.append(_Step(at, kind, owner, w.attempted(plan.young, at, following)))
    if repair:
        actor = owner or plan.adults[0]
        plan.steps.append(_Step(end, EventKind.REPAIRED, actor, w.repaired(plan, end)))


def _number_restraints(rng: random.Random, plans: list[_Plan]) -> None:
    """Give each restraint an incident reference, numbered in time order as the incident system would."""
    number = rng.randint(300, 480)
    for plan in sorted(plans, key=lambda p: p.occurred_at):
        if plan.kind is RuptureKind.RESTRAINT:
            number += rng.randint(4, 30)
            plan.incident_ref = f"IR-{plan.occurred_at.astimezone(TZ).year}-{number:04d}"


def _timeline(plans: list[_Plan]) -> list[tuple[datetime, int, int, _Step | None]]:
    """Every entry of every plan as (time, plan index, step number, step or None for the recording), in
    time order, so ids follow time as they would in a real home."""
    entries: list[tuple[datetime, int, int, _Step | None]] = []
    for index, plan in enumerate(plans):
        entries.append((plan.recorded_at, index, 0, None))
        entries.extend((step.at, index, n + 1, step) for n, step in enumerate(plan.steps))
    entries.sort(key=lambda e: e[:3])
    return entries


def _append(store: Store, current: Rupture, step: _Step) -> Rupture:
    """The write Service._step makes, without reading the rupture back first (for the history's speed)."""
    updated = lifecycle.apply(current, step.kind, step.at, step.actor.id, step.payload)
    event = Event(rupture_id=current.id, at=step.at, actor_id=step.actor.id, kind=step.kind, payload=step.payload)
    return store.append(updated, event, current.version)


# -- the demo home -----------------------------------------------------------------------------------------
#: The open ruptures on the demo board: how many hours ago each happened, and where its repair stands.
#: Every state the board shows is there: fresh, due soon, overdue (three of them 3 to 5 days), unowned,
#: planned, attempted (once and twice) and reassigned.
_OPEN_SHAPES: tuple[tuple[float, str], ...] = (
    (1.5, "unowned"),
    (4.0, "owned"),
    (14.0, "planned"),
    (27.0, "owned"),
    (33.0, "attempted"),
    (45.0, "unowned"),
    (55.0, "reassigned"),
    (76.0, "attempted-twice"),
    (100.0, "restraint-planned"),
    (118.0, "owned"),
)


def build_demo(path: Path, now: datetime, seed: int = 7) -> DemoSummary:
    """Create a new database at `path` holding Larch House as it stands at `now`. Refuses an existing file."""
    now = _aware(now)
    rng = random.Random(seed)
    w = _Writer(rng)
    with _new_store(path) as store:
        # The people are on the board a day before the history starts; then time moves with each entry.
        clock = FrozenClock(now - timedelta(weeks=DEMO_WEEKS, days=1))
        service = Service(store, clock, TZ)
        with store.batch():
            service.init_home(DEMO_HOME)
            young, staff = _demo_people(rng, now, service)
            plans = _demo_repaired(w, now, young, staff) + _demo_open(w, now, young, staff)
            _number_restraints(rng, plans)
            _write_through_service(plans, service, store, clock)
        scalar = store.db.conn.execute
        return DemoSummary(
            path=Path(path),
            young_people=scalar("SELECT count(*) FROM young_people WHERE active").fetchone()[0],
            staff=scalar("SELECT count(*) FROM staff WHERE active").fetchone()[0],
            ruptures=scalar("SELECT count(*) FROM ruptures").fetchone()[0],
            open=len(store.open_ruptures()),
        )


def _demo_people(rng: random.Random, now: datetime, service: Service) -> tuple[list[_Person], list[_Person]]:
    taken: set[str] = set()
    # A mixed group: three boys, two girls, and one more of anyone.
    boys = rng.sample([n for n in _YOUNG_FIRST if n[1] == "he"], 3)
    girls = rng.sample([n for n in _YOUNG_FIRST if n[1] == "she"], 2)
    firsts = boys + girls + [rng.choice([n for n in _YOUNG_FIRST if n not in boys + girls])]
    young: list[_Person] = []
    for (first, pronoun), last in _pick_names(rng, firsts, len(firsts), taken):
        # Arrived between three months and four years ago: long enough that relationships have history.
        arrived = _local_moment(rng, now - timedelta(days=rng.randint(90, 4 * 365)))
        person = service.add_young_person(f"{first} {last}", arrived)
        young.append(_Person(first, last, pronoun, start=arrived, id=person.id))
    roles = [Role.MANAGER] + [Role.SHIFT_LEAD] * 4 + [Role.STAFF] * 13
    staff: list[_Person] = []
    for role, (first, last) in zip(roles, _pick_names(rng, _STAFF_FIRST, len(roles), taken), strict=True):
        member = service.add_staff(f"{first} {last}", role)
        staff.append(_Person(first, last, role=role, id=member.id))
    return young, staff


def _demo_repaired(w: _Writer, now: datetime, young: list[_Person], staff: list[_Person]) -> list[_Plan]:
    """Eight weeks of ruptures that were repaired, most within the day or two; some after a plan, an
    attempt or two, or a change of owner."""
    rng = w.rng
    floor = [s for s in staff if s.role is not Role.MANAGER]
    # Ruptures recur between the same young person and adult: the pattern the insights are there to show.
    friction = {y.id: rng.choice(floor) for y in young}
    hours = DEMO_WEEKS * 7 * 24
    moments = sorted(_local_moment(rng, now - timedelta(hours=rng.uniform(10, hours))) for _ in range(DEMO_REPAIRED))
    moments = [m - timedelta(days=1) if m > now - timedelta(hours=8) else m for m in moments]
    restraints = set(rng.sample(range(DEMO_REPAIRED), rng.choice([1, 2])))
    shapes = {
        "direct": [],
        "attempt": [EventKind.ATTEMPTED],
        "attempts": [EventKind.ATTEMPTED, EventKind.ATTEMPTED],
        "plan": [EventKind.PLANNED],
        "reassign": [EventKind.ASSIGNED],
        "unowned": [EventKind.ASSIGNED],
    }
    weights = [76, 6, 2, 6, 7, 3]
    plans = []
    for n, occurred in enumerate(moments):
        shape = rng.choices(list(shapes), weights=weights)[0]
        kind = RuptureKind.RESTRAINT if n in restraints else _kind(rng)
        who = rng.choice(young)
        adult = friction[who.id] if rng.random() < 0.3 else rng.choice(floor)
        plan = _new_plan(w, who, adult, occurred, kind, staff, unowned=shape == "unowned")
        # The repair has happened by now, however late it came.
        repaired = min(_waking(rng, occurred + _repair_delay(rng)), now - timedelta(minutes=rng.randint(15, 120)))
        repaired = max(repaired, plan.recorded_at + timedelta(minutes=20))
        _add_steps(w, plan, [*shapes[shape], EventKind.REPAIRED], repaired, floor)
        plans.append(plan)
    return plans


def _demo_open(w: _Writer, now: datetime, young: list[_Person], staff: list[_Person]) -> list[_Plan]:
    """The ruptures still waiting for a repair at `now`, spread over five of the six young people."""
    rng = w.rng
    floor = [s for s in staff if s.role is not Role.MANAGER]
    leads = [s for s in staff if s.role is Role.SHIFT_LEAD]
    settled = rng.choice(young)  # nothing outstanding: the board shows a young person with a clear row
    others = [y for y in young if y is not settled]
    targets = others + [rng.choice(others) for _ in range(len(_OPEN_SHAPES) - len(others))]
    rng.shuffle(targets)
    adults = rng.sample(floor, len(_OPEN_SHAPES))  # a different adult each, so the owners vary
    plans = []
    for (hours, shape), who, adult in zip(_OPEN_SHAPES, targets, adults, strict=True):
        occurred = now - timedelta(hours=hours + rng.uniform(-0.3, 0.3))
        kind = RuptureKind.RESTRAINT if shape == "restraint-planned" else _kind(rng)
        plan = _new_plan(w, who, adult, occurred, kind, staff, unowned=shape == "unowned")
        plan.recorded_at = min(plan.recorded_at, now - timedelta(minutes=5))
        if shape == "planned":
            at = occurred + timedelta(hours=hours * rng.uniform(0.4, 0.7))
            plan.steps.append(_Step(at, EventKind.PLANNED, adult, w.planned(who, at, now + timedelta(hours=6))))
        elif shape == "attempted":
            at = occurred + timedelta(hours=hours * rng.uniform(0.5, 0.8))
            plan.steps.append(_Step(at, EventKind.ATTEMPTED, adult, w.attempted(who, at, now + timedelta(hours=3))))
        elif shape == "attempted-twice":
            # Tried twice, and the next try it named has come and gone: the board should show it overdue.
            for after, retry in ((20, 44), (46, 70)):
                at = occurred + timedelta(hours=after + rng.uniform(0, 3))
                payload = w.attempted(who, at, occurred + timedelta(hours=retry))
                plan.steps.append(_Step(at, EventKind.ATTEMPTED, adult, payload))
        elif shape == "reassigned":
            new = rng.choice([s for s in floor if s not in adults])
            at = occurred + timedelta(hours=26 + rng.uniform(0, 2))
            plan.steps.append(_Step(at, EventKind.ASSIGNED, rng.choice(leads), w.assigned(who, adult, new, at), new))
        elif shape == "restraint-planned":
            plan.severity = Severity.SERIOUS
            at = occurred + timedelta(hours=22 + rng.uniform(0, 2))
            text = _fill(_RESTRAINT_PLAN, who, other=plan.adults[-1].first)
            payload = {"plan": text, "by_when": optional_time(_quarter_after(occurred + timedelta(hours=46)))}
            plan.steps.append(_Step(at, EventKind.PLANNED, adult, payload))
        plans.append(plan)
    return plans


def _write_through_service(plans: list[_Plan], service: Service, store: Store, clock: FrozenClock) -> None:
    """Write every entry through the service, in time order, each at its own moment on the frozen clock,
    so the demo passes the same checks as anything typed at the keyboard."""
    staff = {s.id: s for s in store.staff()}
    young = {y.id: y for y in store.young_people()}
    ids: dict[int, int] = {}
    for at, index, _, step in _timeline(plans):
        plan = plans[index]
        clock.set(at)
        if step is None:
            recorded = service.record_rupture(
                staff[plan.recorder.id],
                young[plan.young.id],
                [staff[a.id] for a in plan.adults],
                plan.kind,
                plan.what_happened,
                occurred_at=plan.occurred_at,
                severity=plan.severity,
                owner=staff[plan.owner.id] if plan.owner else UNOWNED,
                incident_ref=plan.incident_ref,
            )
            ids[index] = recorded.id
        elif step.kind is EventKind.ASSIGNED:
            owner = staff[step.owner.id] if step.owner else None
            service.assign_owner(staff[step.actor.id], ids[index], owner, step.payload["reason"])
        elif step.kind is EventKind.PLANNED:
            by_when = datetime.fromisoformat(step.payload["by_when"])
            service.plan(staff[step.actor.id], ids[index], step.payload["plan"], by_when)
        elif step.kind is EventKind.ATTEMPTED:
            next_try = datetime.fromisoformat(step.payload["next_try"])
            service.attempt(staff[step.actor.id], ids[index], step.payload["note"], next_try)
        else:
            service.mark_repaired(staff[step.actor.id], ids[index], step.payload["note"], step.payload["response"])


# -- five years of history, for benchmarks ---------------------------------------------------------------
def build_history(
    path: Path,
    now: datetime,
    *,
    young_people: int = 30,
    staff: int = 40,
    ruptures: int = 20_000,
    events_target: int = 100_000,
    open_count: int = 40,
    seed: int = 1,
) -> None:
    """Create a new database at `path` with five years of a home's history, ending at `now`.

    Young people and staff come and go: about six young people live there at any time (the rest have left,
    marked inactive), and about 60% of the staff are still there. Ruptures happen only while the young person
    lives there, with staff who worked there then; exactly `open_count` are open at the end, all for current
    young people. Beyond each recording and repair, reassignments, plans and attempts are spread over the
    ruptures so the events come to `events_target` (when that is at least one per rupture plus one per repair).
    """
    now = _aware(now)
    if young_people < 1 or staff < 2:
        raise InvalidInput("A history needs at least one young person and two staff.")
    if not 0 <= open_count <= ruptures:
        raise InvalidInput(f"Cannot leave {open_count} of {ruptures} ruptures open.")
    rng = random.Random(seed)
    w = _Writer(rng)
    start = now - timedelta(days=5 * 365)
    taken: set[str] = set()
    with _new_store(path) as store:
        with store.batch():
            Service(store, FrozenClock(now), TZ).init_home(HISTORY_HOME)
            young = _insert(store, _history_young(rng, start, now, young_people, taken), now, young=True)
            members = _insert(store, _history_staff(rng, start, now, staff, taken), now, young=False)
            plans = _history_plans(w, start, now, young, members, ruptures, events_target, open_count)
            _number_restraints(rng, plans)
            _write_through_store(plans, store)
            # Leavers are marked at the end: while the history was written they were still here.
            left = {p.id for p in young if p.end}
            gone = {p.id for p in members if p.end}
            for person in [
                *(y for y in store.young_people() if y.id in left),
                *(s for s in store.staff() if s.id in gone),
            ]:
                store.set_active(person, False)


def _spans(
    rng: random.Random, first: datetime, now: datetime, n: int, gap_days: tuple[int, int]
) -> list[tuple[datetime, datetime | None]]:
    """n stays one after another from `first` to now (a bed or a post), each after a gap while it stood
    empty; the last is still going."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(n)]
    total = sum(weights)
    spans: list[tuple[datetime, datetime | None]] = []
    begin = first
    for i, weight in enumerate(weights):
        end = begin + (now - first) * (weight / total)
        gap = min(timedelta(days=rng.randint(*gap_days)), (end - begin) * 0.2)
        spans.append((_local_moment(rng, begin + gap), None if i == n - 1 else end))
        begin = end
    return spans


def _history_young(rng: random.Random, start: datetime, now: datetime, count: int, taken: set[str]) -> list[_Person]:
    beds = min(6, count)
    names = iter(_pick_names(rng, _YOUNG_FIRST, count, taken))
    people = []
    for bed in range(beds):
        stays = count // beds + (1 if bed < count % beds else 0)
        for arrived, left in _spans(rng, start - timedelta(days=rng.randint(0, 400)), now, stays, (7, 42)):
            (first, pronoun), last = next(names)
            people.append(_Person(first, last, pronoun, start=arrived, end=left))
    return sorted(people, key=lambda p: p.start or start)


def _history_staff(rng: random.Random, start: datetime, now: datetime, count: int, taken: set[str]) -> list[_Person]:
    posts = max(2, round(count * 0.6))
    roles = [Role.MANAGER] + [Role.SHIFT_LEAD] * min(4, posts - 1)
    roles += [Role.STAFF] * (posts - len(roles))
    holders = [1] * posts
    for _ in range(count - posts):
        holders[rng.randrange(posts)] += 1
    names = iter(_pick_names(rng, _STAFF_FIRST, count, taken))
    people = []
    for role, n in zip(roles, holders, strict=True):
        for joined, left in _spans(rng, start - timedelta(days=rng.randint(0, 3 * 365)), now, n, (0, 56)):
            first, last = next(names)
            people.append(_Person(first, last, role=role, start=joined, end=left))
    return sorted(people, key=lambda p: p.start or start)


def _insert(store: Store, people: list[_Person], now: datetime, *, young: bool) -> list[_Person]:
    """Add people in the order they came, each on the day they arrived or joined."""
    placed = []
    for person in people:
        added = min(person.start or now, now)
        if young:
            row_id = store.add_young_person(person.name, person.start, added).id
        else:
            row_id = store.add_staff(person.name, person.role, added).id
        placed.append(replace(person, id=row_id))
    return placed


def _spread(rng: random.Random, total: int, n: int) -> list[int]:
    """`total` extra steps over n ruptures: most have few, some many, and the sum is exact."""
    if n == 0 or total <= 0:
        return [0] * n
    mean = total / n
    cap = max(10, int(mean * 4) + 1)
    counts = [min(int(rng.expovariate(1 / mean) + 0.5), cap) for _ in range(n)]
    diff = total - sum(counts)
    while diff > 0:
        i = rng.randrange(n)
        if counts[i] < cap:
            counts[i] += 1
            diff -= 1
    while diff < 0:
        i = rng.randrange(n)
        if counts[i] > 0:
            counts[i] -= 1
            diff += 1
    return counts


_MIDDLE_KINDS = (EventKind.ASSIGNED, EventKind.PLANNED, EventKind.ATTEMPTED)


def _history_plans(
    w: _Writer,
    start: datetime,
    now: datetime,
    young: list[_Person],
    staff: list[_Person],
    count: int,
    events_target: int,
    open_count: int,
) -> list[_Plan]:
    rng = w.rng
    closed = count - open_count
    # Every rupture is recorded and every closed one repaired; the rest of the target is the steps between.
    extras = _spread(rng, events_target - count - closed, count)
    # Some young people have many more ruptures than others, as in any home.
    intensity = {y.id: rng.uniform(0.4, 1.8) for y in young}
    current_young = [y for y in young if y.end is None]
    current_staff = [s for s in staff if s.end is None]
    # Ruptures in time order, so the writer's memory of recent words runs forwards.
    moments = [_someone_there(rng, young, intensity, start, now - timedelta(hours=12)) for _ in range(closed)]
    moments.sort(key=lambda moment: moment[0])
    plans = []
    for n in range(count):
        middle = rng.choices(_MIDDLE_KINDS, weights=[30, 25, 45], k=extras[n])
        if n < closed:
            occurred, who = moments[n]
            here = _staff_at(staff, occurred)
            floor = [s for s in here if s.role is not Role.MANAGER] or here
            plan = _new_plan(
                w,
                who,
                rng.choice(floor),
                occurred,
                _history_kind(rng),
                here,
                unowned=bool(middle) and rng.random() < 0.05,
            )
            # Repaired by now, and before the young person moved on.
            limit = min(now - timedelta(minutes=10), who.end or now)
            repaired = _waking(rng, occurred + _repair_delay(rng) + len(middle) * timedelta(hours=rng.uniform(1, 6)))
            repaired = max(min(repaired, limit), plan.recorded_at + timedelta(minutes=len(middle) + 2))
            _add_steps(w, plan, [*middle, EventKind.REPAIRED], repaired, staff)
        else:
            who = rng.choice(current_young)
            occurred = _between(rng, max(who.start or start, now - timedelta(days=6)), now - timedelta(minutes=30))
            floor = [s for s in current_staff if s.role is not Role.MANAGER] or current_staff
            plan = _new_plan(
                w, who, rng.choice(floor), occurred, _history_kind(rng), current_staff, unowned=rng.random() < 0.2
            )
            plan.recorded_at = min(plan.recorded_at, now - timedelta(minutes=3))
            _add_steps(w, plan, middle, now - timedelta(minutes=2), current_staff)
        plans.append(plan)
    return plans


def _history_kind(rng: random.Random) -> RuptureKind:
    # About one hold a week over a busy home's five years.
    return RuptureKind.RESTRAINT if rng.random() < 0.01 else _kind(rng)


def _someone_there(
    rng: random.Random, young: list[_Person], intensity: dict[int, float], start: datetime, end: datetime
) -> tuple[datetime, _Person]:
    """A moment in [start, end) when someone lived here, and who: ruptures only happen while they do."""
    while True:
        at = _local_moment(rng, _between(rng, start, end))
        here = [y for y in young if y.here_at(at)]
        if start <= at < end and here:
            return at, rng.choices(here, weights=[intensity[y.id] for y in here])[0]


def _write_through_store(plans: list[_Plan], store: Store) -> None:
    """Write in time order straight to the Store, keeping each rupture's state in memory (no read-backs)."""
    current: dict[int, Rupture] = {}
    for _, index, _, step in _timeline(plans):
        plan = plans[index]
        if step is None:
            new = NewRupture(
                young_person_id=plan.young.id,
                adult_ids=tuple(dict.fromkeys(a.id for a in plan.adults)),
                occurred_at=plan.occurred_at,
                kind=plan.kind,
                severity=plan.severity,
                what_happened=plan.what_happened,
                incident_ref=plan.incident_ref,
                owner_id=plan.owner.id if plan.owner else None,
            )
            current[index] = store.record_rupture(new, plan.recorded_at, plan.recorder.id)
        else:
            current[index] = _append(store, current[index], step)


# -- shared ------------------------------------------------------------------------------------------------
def _aware(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise InvalidInput("The demo needs an aware time for 'now' (with a time zone).")
    return now.astimezone(UTC)


@contextmanager
def _new_store(path: Path) -> Iterator[Store]:
    """A new database file at `path`; on failure nothing half-built is left behind to be mistaken for real."""
    path = Path(path)
    if path.exists():
        raise InvalidInput(f"{path} already exists. The demo only makes a new database; choose another file.")
    store = Store.open(path, create=True)
    try:
        yield store
    except BaseException:
        store.close()
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    store.close()
