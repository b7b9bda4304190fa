"""Official statements written from the data: the facts of a stage, and the text a press
officer would write from them, in Ukrainian and in English."""
