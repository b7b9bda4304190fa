"""Exchanges of prisoners: who moves in which direction, what can come of it on the day,
and what each outcome means for the person's status."""
