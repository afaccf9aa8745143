"""Small modal dialogs shared by the screens: a yes/no question (confirm), a new PIN (pin) and a staff
picker (staff_picker). Full screens live in handover/screens/."""
