"""The fictional names and the first-person texts the demo home is written with (see `handover.demo`).

The names are ordinary first names and unremarkable surnames; nobody in them is real. The texts are what
the adults write: what happened, plans, attempts, repairs, handovers and the young person's response, in
non-stigmatising language: facts, from the adult's side, owning the adult's part, in words a young person
could later read about themselves. Also here: how often each kind of rupture happens, and at what hours.

Everything is plain data: changing a word here changes the demo database, not how it is built.
"""

from __future__ import annotations

from typing import NamedTuple

from handover.domain.enums import RuptureKind

# -- people ------------------------------------------------------------------------------------------------
# Ordinary first names and unremarkable surnames. Pairs are drawn without replacement, so no two people
# share a first name (staff type first names) or a surname (nobody looks related), and the pools were
# checked so that no pairing makes a well-known person.
YOUNG_FIRST_NAMES: tuple[tuple[str, str], ...] = (
    ("Jordan", "he"), ("Mia", "she"), ("Kayden", "he"), ("Leah", "she"), ("Tyler", "he"), ("Ellie", "she"),
    ("Callum", "he"), ("Aaliyah", "she"), ("Deon", "he"), ("Ruby", "she"), ("Sam", "they"), ("Ashton", "he"),
    ("Kacey", "she"), ("Reece", "he"), ("Tia", "she"), ("Harvey", "he"), ("Shannon", "she"), ("Logan", "he"),
    ("Demi", "she"), ("Alfie", "he"), ("Skye", "she"), ("Corey", "he"), ("Nadia", "she"), ("Robin", "they"),
    ("Bailey", "he"), ("Lacey", "she"), ("Leon", "he"), ("Keira", "she"), ("Theo", "he"), ("Paige", "she"),
    ("Jayden", "he"), ("Holly", "she"), ("Alex", "they"), ("Riley", "he"), ("Chloe", "she"), ("Kai", "he"),
    ("Amelia", "she"), ("Ethan", "he"), ("Jade", "she"), ("Mason", "he"),
)  # fmt: skip
STAFF_FIRST_NAMES: tuple[str, ...] = (
    "Priya", "Dan", "Marcia", "Tom", "Joanne", "Kwame", "Becky", "Steve", "Aisha", "Gareth", "Nikki", "Femi",
    "Laura", "Martin", "Shona", "Imran", "Claire", "Rob", "Yasmin", "Carl", "Donna", "Lee", "Hannah", "Sanjay",
    "Gemma", "Wes", "Tracey", "Ollie", "Zainab", "Mo", "Lisa", "Nadine", "Kelly", "Chidi", "Ros", "Eleanor",
    "Vic", "Sunita", "Bev", "Jamal", "Fiona", "Kieran", "Pauline", "Omar", "Trish", "Dev",
)  # fmt: skip
SURNAMES: tuple[str, ...] = (
    "Okafor", "Whitfield", "Pereira", "Gallagher", "Nowak", "Hussain", "Brennan", "Ashworth", "Doyle", "Mensah",
    "Kowalski", "Rahman", "Quinn", "Oduya", "Bartley", "Sutcliffe", "Greaves", "Baptiste", "Begum", "Thorne",
    "Hollis", "Pickering", "Adeyemi", "Dunmore", "Roper", "Iqbal", "Cavanagh", "Ellison", "Farrant", "Haigh",
    "McBride", "Osei", "Rowntree", "Tierney", "Varga", "Yeung", "Dobson", "Fairclough", "Gill", "Hanley", "Kaur",
    "Lister", "Moran", "Ogden", "Rigby", "Crossley", "Ainsworth", "Bramley", "Chadwick", "Dakin", "Eccles",
    "Fenwick", "Gorton", "Holroyd", "Ibbotson", "Jaworski", "Kilbride", "Lomax", "Marchetti", "Naylor",
    "Oyelaran", "Prendergast", "Royle", "Sowerby", "Tranter", "Uddin", "Wilde", "Yardley", "Ziolkowski",
    "Barraclough", "Duffy", "Harrop", "Openshaw", "Bickerstaff", "Mellor", "Pendlebury", "Sharrock", "Aspinall",
)  # fmt: skip

PRONOUNS: dict[str, dict[str, str]] = {
    "he": {"they": "he", "them": "him", "their": "his", "theirs": "his", "were": "was"},
    "she": {"they": "she", "them": "her", "their": "her", "theirs": "hers", "were": "was"},
    "they": {"they": "they", "them": "them", "their": "their", "theirs": "theirs", "were": "were"},
}


# -- texts -------------------------------------------------------------------------------------------------
# Placeholders: {name} is the young person's first name; {they} {them} {their} {theirs} {were} (and {They},
# {Their}) follow their pronouns; {other} is the second adult; {prev} and {new} are owners in a handover.
# Past tense throughout, so one template reads right for he, she and they.
# A leading "HH-HH|" gives the local hours the words fit ("at bedtime" does not happen at 10:00).
class Text(NamedTuple):
    """One template: the local hours it fits (None: any hour), its words, and for a rupture the repairs
    that answer it."""

    hours: tuple[int, int] | None
    text: str
    repairs: tuple[str, ...] = ()  # for a rupture: repairs that answer this very story


def _t(text: str, *repairs: str) -> Text:
    head, bar, rest = text.partition("|")
    if not bar:
        return Text(None, text, repairs)
    start, _, end = head.partition("-")
    return Text((int(start), int(end)), rest, repairs)


# What happened, from the adult's side, and repairs in the adult's words: what happened named honestly,
# the adult's own part, and ordinary presence afterwards.
WHAT_HAPPENED: dict[RuptureKind, tuple[Text, ...]] = {
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
GENERAL_REPAIRS: tuple[Text, ...] = (
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
RESPONSES: tuple[Text, ...] = tuple(
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
PLANS: tuple[Text, ...] = tuple(
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
RESTRAINT_PLAN = (
    "Sit down with {name} and {other} somewhere of {their} choosing, go through what happened and why we held "
    "{them}, and ask what would help next time."
)
ATTEMPTS: tuple[Text, ...] = tuple(
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
REASSIGN_REASONS: tuple[Text, ...] = tuple(
    _t(text)
    for text in (
        "{prev} is on annual leave until next week; {new} is on shift and knows {name} well.",
        "{prev} is on nights this week, so {new} will pick it up in the day.",
        "{name} asked to talk to {new} rather than {prev}.",
        "{prev} is off sick.",
        "Moved to {new}, {name}'s key worker, who is on tomorrow.",
    )
)
UNOWNED_REASONS: tuple[Text, ...] = tuple(
    _t(text)
    for text in (
        "Picked up at handover: nobody owned it yet.",
        "{new} was there and is on shift tomorrow.",
        "{new} offered to take it at handover.",
    )
)

#: Kinds of everyday rupture and how often each happens (restraints are placed separately, and rarely).
KIND_WEIGHTS: dict[RuptureKind, int] = {
    RuptureKind.HARSH_TONE: 30,
    RuptureKind.WITHDRAWAL: 17,
    RuptureKind.CUTTING_REMARK: 16,
    RuptureKind.LIMIT_TESTING: 16,
    RuptureKind.BROKEN_PROMISE: 13,
    RuptureKind.SANCTION: 5,
    RuptureKind.OTHER: 3,
}
#: Local hours when ruptures tend to happen: the school run, after school, tea and bedtime.
HOUR_WEIGHTS: tuple[float, ...] = (
    0.3, 0.2, 0.2, 0.1, 0.1, 0.1, 0.4, 3, 3, 1, 1, 1, 1.5, 1.5, 1.5, 2.5, 3, 3, 4, 4, 4, 4, 2, 1,
)  # fmt: skip
