"""The blind sets nine to twenty-three (but twenty-one), scored on the answer
(bench/score_questions.py): tuned-on now, they stay as regression tests — no direction
inversion, and no fall below the score recorded in docs/questions.md (less a small margin
for merges that reorder chains)."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
# right answers (of 60) recorded in docs/questions.md, less 2: nine to nineteen as scored
# after session 7's merge (parse8, answers8, parse9), twenty, twenty-two and twenty-three
# after their study in that session. Twenty-one is left out: its one inversion (a general
# depreciation answered "better, if Marshall-Lerner holds" where the writer expected the
# short run's worsening) is an open question of the answer, recorded in docs/questions.md.
FLOORS = {
    "questions_ninth.yaml": 56,
    "questions_tenth.yaml": 56,
    "questions_eleventh.yaml": 52,
    "questions_twelfth.yaml": 55,
    "questions_thirteenth.yaml": 53,
    "questions_fourteenth.yaml": 53,
    "questions_fifteenth.yaml": 58,
    "questions_sixteenth.yaml": 55,
    "questions_seventeenth.yaml": 53,
    "questions_eighteenth.yaml": 54,
    "questions_nineteenth.yaml": 53,
    "questions_twentieth.yaml": 53,
    "questions_twentysecond.yaml": 51,
    "questions_twentythird.yaml": 47,
    # twenty-four and twenty-five: held out until their scores on the merged code were
    # recorded, then studied at the session's end
    "questions_twentyfourth.yaml": 43,
    "questions_twentyfifth.yaml": 42,
    # session 9: twenty-six and twenty-seven studied after their first scores (branches
    # parse12, parse13); twenty-eight and twenty-nine written blind, scored, then studied;
    # thirty and thirty-one held out, scored on the merged code, then only their two
    # inversions studied. Floors: the score after the session's merge, less 2.
    "questions_twentysixth.yaml": 44,
    "questions_twentyseventh.yaml": 47,
    "questions_twentyeighth.yaml": 46,
    "questions_twentyninth.yaml": 53,
    "questions_thirtieth.yaml": 48,
    "questions_thirtyfirst.yaml": 41,
    # session 10: thirty-two and thirty-three written blind (the writers saw a list of
    # keys, not the labels), scored first (78 % and 74 % of why and what-if), then studied
    "questions_thirtysecond.yaml": 51,
    "questions_thirtythird.yaml": 50,
    # thirty-four and thirty-five: written blind, scored first on the merged code (69 % and
    # 78 %), then studied
    "questions_thirtyfourth.yaml": 48,
    "questions_thirtyfifth.yaml": 51,
    # sessions 11 and 12: thirty-six to forty-one written blind and scored first (61 %,
    # 83 %, 70 %, 69 %, 63 %, 78 % of why and what-if), then studied; floors as above.
    # Thirty-nine is left out: its one inversion ("why's JPY so heavy", market slang for a
    # currency under selling pressure) is open, recorded in docs/questions.md.
    "questions_thirtysixth.yaml": 45,
    "questions_thirtyseventh.yaml": 51,
    "questions_thirtyeighth.yaml": 44,
    "questions_fortieth.yaml": 44,
    "questions_fortyfirst.yaml": 50,
    # forty-two and forty-three: first scores 78 % and 70 % (no inversion), then partly
    # studied in the same session
    "questions_fortysecond.yaml": 46,
    "questions_fortythird.yaml": 43,
    # session 13: forty-four to forty-seven written blind, scored first (87 %, 70 %, 74 %,
    # 76 %; four inversions), then studied; forty-eight and forty-nine written while they
    # were studied, scored first on its code (81 %, 89 %, no inversion)
    "questions_fortyfourth.yaml": 54,
    "questions_fortyfifth.yaml": 45,
    "questions_fortysixth.yaml": 49,
    "questions_fortyseventh.yaml": 45,
    "questions_fortyeighth.yaml": 46,
    "questions_fortyninth.yaml": 52,
    # fifty and fifty-one: first scores on the session's final code (80 %, 83 %; the two
    # inversions of fifty-one then fixed at their cause)
    "questions_fiftieth.yaml": 46,
    "questions_fiftyfirst.yaml": 51,
    # fifty-two and fifty-three: first scores 80 % and 74 % (session 13's final code), then
    # one general round (a dropped g, "quit", "jack up", "whipped"). Fifty-three is left
    # out: its one inversion ("textbook says … trade gap shrinks. instead gap widened",
    # a bare "gap" standing for the trade gap named before) is open, in docs/questions.md.
    "questions_fiftysecond.yaml": 49,
    # session 15: fifty-three's and fifty-five's inversions (a sentence of the past or of an
    # overturned expectation, a phrase of contrast, a bare head noun, "sell less") fixed at
    # their cause; fifty-four unstudied; fifty-six and fifty-seven written blind, scored first
    # (87 %, 76 %), then only their four inversions studied
    "questions_fiftythird.yaml": 44,
    "questions_fiftyfourth.yaml": 49,
    "questions_fiftyfifth.yaml": 45,
    "questions_fiftysixth.yaml": 55,
    "questions_fiftyseventh.yaml": 48,
    # fifty-eight and fifty-nine: held out, first scores on the session's final code (70 %,
    # 63 %), then only their eight inversions studied (46 and 45 right after)
    "questions_fiftyeighth.yaml": 44,
    "questions_fiftyninth.yaml": 43,
    # session 16: sixty and sixty-one written blind, first scores 89 % and 91 % of why and
    # what-if on session 15's final code, then studied (59 and 59 right after)
    "questions_sixtieth.yaml": 57,
    "questions_sixtyfirst.yaml": 57,
    # sixty-four and sixty-five written blind during the session, first scores 87 % and
    # 69 % on 40072c5, then studied (57 and 52 right after)
    "questions_sixtyfourth.yaml": 55,
    "questions_sixtyfifth.yaml": 50,
    # sixty-six and sixty-seven: first scores 91 % and 78 % on c95adef, then studied (56
    # and 56 right after)
    "questions_sixtysixth.yaml": 54,
    "questions_sixtyseventh.yaml": 54,
    # sixty-eight and sixty-nine: first scores 78 % and 83 % on 6305b7d, then studied (55
    # and 54 right after)
    "questions_sixtyeighth.yaml": 53,
    "questions_sixtyninth.yaml": 52,
    # seventy and seventy-one: first scores 76 % and 87 % on 58161c0, then studied (53 and
    # 55 right after)
    "questions_seventieth.yaml": 51,
    "questions_seventyfirst.yaml": 53,
    # seventy-two and seventy-three: first scores 85 % and 83 % on d102e20, then studied
    # (53 and 53 right after)
    "questions_seventysecond.yaml": 51,
    "questions_seventythird.yaml": 51,
    # session 16's held-out sets (sixty-two, sixty-three): 85 % and 78 % of why and what-if
    # on the session's final code before anyone read them, then only their four inversions
    # studied (53 and 46 right after)
    "questions_sixtysecond.yaml": 51,
    "questions_sixtythird.yaml": 44,
    # session 17: seventy-four to one hundred and three written blind two (four at the
    # start) at a time, each scored on the code of its moment before anyone read it (first
    # scores in docs/questions.md), then studied; floors two below the session's final score
    "questions_seventyfourth.yaml": 46,
    "questions_seventyfifth.yaml": 51,
    "questions_seventysixth.yaml": 49,
    "questions_seventyseventh.yaml": 46,
    "questions_eightieth.yaml": 52,
    "questions_eightyfirst.yaml": 49,
    "questions_eightysecond.yaml": 53,
    "questions_eightythird.yaml": 50,
    "questions_eightyfourth.yaml": 49,
    "questions_eightyfifth.yaml": 47,
    "questions_eightysixth.yaml": 51,
    "questions_eightyseventh.yaml": 47,
    "questions_eightyeighth.yaml": 44,
    "questions_eightyninth.yaml": 44,
    "questions_ninetieth.yaml": 51,
    "questions_ninetyfirst.yaml": 45,
    "questions_ninetysecond.yaml": 43,
    "questions_ninetythird.yaml": 50,
    "questions_ninetyfourth.yaml": 52,
    "questions_ninetyfifth.yaml": 56,
    "questions_ninetysixth.yaml": 49,
    "questions_ninetyseventh.yaml": 54,
    "questions_ninetyeighth.yaml": 51,
    "questions_ninetyninth.yaml": 42,
    "questions_hundredth.yaml": 52,
    "questions_hundredfirst.yaml": 52,
    "questions_hundredsecond.yaml": 54,
    "questions_hundredthird.yaml": 49,
    "questions_hundredfourth.yaml": 46,
    "questions_hundredfifth.yaml": 48,
    "questions_hundredsixth.yaml": 48,
    "questions_hundredseventh.yaml": 47,
    "questions_hundredeighth.yaml": 52,
    "questions_hundredninth.yaml": 48,
    "questions_hundredtenth.yaml": 47,
    "questions_hundredeleventh.yaml": 55,
    "questions_hundredthirteenth.yaml": 51,
    # session 18's blind sets (first scores in docs/questions.md); one hundred and
    # twenty-three is half Turkish, which the parser does not read
    "questions_hundredfourteenth.yaml": 55,
    "questions_hundredfifteenth.yaml": 54,
    "questions_hundredsixteenth.yaml": 48,
    "questions_hundredseventeenth.yaml": 50,
    "questions_hundredeighteenth.yaml": 53,
    "questions_hundrednineteenth.yaml": 50,
    "questions_hundredtwentysecond.yaml": 55,
    "questions_hundredtwentythird.yaml": 29,
    "questions_hundredtwentyfourth.yaml": 49,
    "questions_hundredtwentyfifth.yaml": 49,
    "questions_hundredtwentysixth.yaml": 52,
    "questions_hundredtwentyseventh.yaml": 52,
    "questions_hundredtwentyeighth.yaml": 56,
    "questions_hundredtwentyninth.yaml": 49,
    "questions_hundredthirtieth.yaml": 54,
    "questions_hundredthirtyfirst.yaml": 50,
    "questions_hundredthirtysecond.yaml": 42,
    "questions_hundredthirtythird.yaml": 45,
    "questions_hundredthirtyfourth.yaml": 48,
    "questions_hundredthirtyfifth.yaml": 53,
    "questions_hundredthirtysixth.yaml": 45,
    "questions_hundredthirtyseventh.yaml": 51,
    "questions_hundredthirtyeighth.yaml": 48,
    "questions_hundredthirtyninth.yaml": 48,
    "questions_hundredfortieth.yaml": 46,
    "questions_hundredfortyfirst.yaml": 51,
    "questions_hundredfortysecond.yaml": 53,
    "questions_hundredfortythird.yaml": 41,
    "questions_hundredfortyfifth.yaml": 53,
    # session 19's blind sets (first scores in docs/questions.md)
    "questions_hundredfortysixth.yaml": 55,
    "questions_hundredfortyseventh.yaml": 54,
    "questions_hundredfortyeighth.yaml": 53,
    "questions_hundredfortyninth.yaml": 57,
    "questions_hundredfiftysecond.yaml": 48,
    "questions_hundredfiftythird.yaml": 52,
    "questions_hundredfiftyfourth.yaml": 54,
    "questions_hundredfiftyfifth.yaml": 51,
    "questions_hundredfiftysixth.yaml": 49,
    "questions_hundredfiftyseventh.yaml": 57,
    "questions_hundredfiftyeighth.yaml": 53,
    "questions_hundredfiftyninth.yaml": 54,
    "questions_hundredsixtieth.yaml": 54,
    "questions_hundredsixtyfirst.yaml": 50,
    "questions_hundredsixtysecond.yaml": 55,
    "questions_hundredsixtythird.yaml": 48,
    "questions_hundredsixtyfourth.yaml": 52,
    "questions_hundredsixtyfifth.yaml": 52,
    # sixty-six to sixty-nine: first scores 94 %, 89 %, 85 %, 81 % (one inversion each in
    # sixty-seven and sixty-nine), studied in session 19
    "questions_hundredsixtysixth.yaml": 55,
    "questions_hundredsixtyseventh.yaml": 52,
    "questions_hundredsixtyeighth.yaml": 51,
    "questions_hundredsixtyninth.yaml": 49,
    # seventy to seventy-three: first scores 89 %, 87 %, 76 %, 96 % (one inversion each in
    # seventy, seventy-one and seventy-two), studied in session 19
    "questions_hundredseventieth.yaml": 54,
    "questions_hundredseventyfirst.yaml": 53,
    "questions_hundredseventysecond.yaml": 47,
    "questions_hundredseventythird.yaml": 56,
    # session 20: seventy-four to eighty-five, first scores 78 %, 72 %, 96 %, 80 % (on
    # f92461c), 93 %, 85 %, 87 % (on 14e379d; four inversions), 91 %, 91 %, 78 %, 87 % (on
    # 6088a64); eighty is left out: its writer wrote it mostly in Korean, which the English
    # parser does not read (26 of 54 first, the English half)
    "questions_hundredseventyfourth.yaml": 52,
    "questions_hundredseventyfifth.yaml": 46,
    "questions_hundredseventysixth.yaml": 57,
    "questions_hundredseventyseventh.yaml": 47,
    "questions_hundredseventyeighth.yaml": 53,
    "questions_hundredseventyninth.yaml": 53,
    "questions_hundredeightyfirst.yaml": 53,
    "questions_hundredeightysecond.yaml": 53,
    "questions_hundredeightythird.yaml": 52,
    "questions_hundredeightyfourth.yaml": 46,
    "questions_hundredeightyfifth.yaml": 52,
    # eighty-six, eighty-eight, eighty-nine: first scores 91 %, 91 % (one inversion), 85 %
    # on d6eea6a
    "questions_hundredeightysixth.yaml": 53,
    "questions_hundredeightyeighth.yaml": 52,
    "questions_hundredeightyninth.yaml": 50,
    # eighty-seven's inversion (the later clause's "in the red") was fixed in session 21
    "questions_hundredeightyseventh.yaml": 50,
    # session 21: one hundred and ninety to two hundred and nine, first scores 91 %, 89 %,
    # 87 %, 85 % (on b8c7367), 83 %, 91 %, 83 %, 83 % (on 6ba819f), 80 %, 87 %, 83 %, 87 %
    # (on 18be24e), 83 %, 94 %, 89 %, 89 % (on edba0dc), 80 %, 85 %, 89 %, 89 % (on
    # 96c77cb); ninety-four and ninety-six are left out: one inversion each is open (a
    # counterfactual "which … would have expected to improve" clause; "foreign money
    # propping up a country's debt just ups and leaves", a participle clause on the flow
    # before its own verb)
    "questions_hundredninetieth.yaml": 55,
    "questions_hundredninetyfirst.yaml": 54,
    "questions_hundredninetysecond.yaml": 54,
    "questions_hundredninetythird.yaml": 50,
    "questions_hundredninetyfifth.yaml": 54,
    "questions_hundredninetyseventh.yaml": 49,
    "questions_hundredninetyeighth.yaml": 46,
    "questions_hundredninetyninth.yaml": 54,
    "questions_twohundredth.yaml": 51,
    "questions_twohundredfirst.yaml": 55,
    "questions_twohundredsecond.yaml": 51,
    "questions_twohundredthird.yaml": 55,
    "questions_twohundredfourth.yaml": 53,
    "questions_twohundredfifth.yaml": 54,
    "questions_twohundredsixth.yaml": 49,
    "questions_twohundredseventh.yaml": 52,
    "questions_twohundredeighth.yaml": 52,
    "questions_twohundredninth.yaml": 53,
    # two hundred and ten to thirteen: first scores 83 %, 85 %, 93 %, 91 % (on ddef046);
    # two hundred and ten's inversion ("Trade balance get better fast or not?": "fast"
    # not read as the short run) was fixed in session 22
    "questions_twohundredtenth.yaml": 50,
    "questions_twohundredeleventh.yaml": 51,
    "questions_twohundredtwelfth.yaml": 54,
    "questions_twohundredthirteenth.yaml": 55,
    # session 22: two hundred and fourteen to seventeen, first scores 80 %, 81 %, 81 %,
    # 76 % (on e62827b, session 21's final)
    "questions_twohundredfourteenth.yaml": 48,
    "questions_twohundredfifteenth.yaml": 53,
    "questions_twohundredsixteenth.yaml": 52,
    "questions_twohundredseventeenth.yaml": 51,
    # two hundred and eighteen to twenty-one: first scores 85 %, 87 %, 70 %, 93 % (on
    # 54ca188, session 22's first round)
    "questions_twohundredeighteenth.yaml": 53,
    "questions_twohundrednineteenth.yaml": 53,
    "questions_twohundredtwentieth.yaml": 51,
    "questions_twohundredtwentyfirst.yaml": 57,
    # two hundred and twenty-two to twenty-five: first scores 91 %, 91 %, 83 %, 80 % (on
    # 3f61a2b, session 22's second round)
    "questions_twohundredtwentysecond.yaml": 53,
    "questions_twohundredtwentythird.yaml": 54,
    "questions_twohundredtwentyfourth.yaml": 52,
    "questions_twohundredtwentyfifth.yaml": 50,
    # two hundred and twenty-six to twenty-nine: first scores 83 %, 83 %, 91 %, 85 % (on
    # 4db9b60, session 22's third round)
    "questions_twohundredtwentysixth.yaml": 52,
    "questions_twohundredtwentyseventh.yaml": 50,
    "questions_twohundredtwentyeighth.yaml": 53,
    "questions_twohundredtwentyninth.yaml": 51,
    # two hundred and thirty to fifty-three (session 23): first scores in docs/questions.md;
    # floors at the score after study, less 2
    "questions_twohundredthirtieth.yaml": 56,
    "questions_twohundredthirtyfirst.yaml": 58,
    "questions_twohundredthirtysecond.yaml": 57,
    "questions_twohundredthirtythird.yaml": 54,
    "questions_twohundredthirtyfourth.yaml": 48,
    "questions_twohundredthirtyfifth.yaml": 52,
    "questions_twohundredthirtysixth.yaml": 54,
    "questions_twohundredthirtyseventh.yaml": 54,
    "questions_twohundredthirtyeighth.yaml": 54,
    "questions_twohundredthirtyninth.yaml": 56,
    "questions_twohundredfortieth.yaml": 54,
    "questions_twohundredfortyfirst.yaml": 54,
    "questions_twohundredfortysecond.yaml": 55,
    "questions_twohundredfortythird.yaml": 54,
    "questions_twohundredfortyfourth.yaml": 50,
    "questions_twohundredfortyfifth.yaml": 49,
    "questions_twohundredfortysixth.yaml": 55,
    "questions_twohundredfortyseventh.yaml": 51,
    "questions_twohundredfortyeighth.yaml": 53,
    "questions_twohundredfortyninth.yaml": 48,
    "questions_twohundredfiftieth.yaml": 52,
    "questions_twohundredfiftyfirst.yaml": 51,
    "questions_twohundredfiftysecond.yaml": 51,
    "questions_twohundredfiftythird.yaml": 48,
    # session 24: two hundred and fifty-four to sixty-one, first scores 83, 78, 80, 78, 96,
    # 91, 87 and 70 % of why and what-if (on 1752d06, session 23's final)
    "questions_twohundredfiftyfourth.yaml": 55,
    "questions_twohundredfiftyfifth.yaml": 51,
    "questions_twohundredfiftysixth.yaml": 48,
    "questions_twohundredfiftyseventh.yaml": 45,
    "questions_twohundredfiftyeighth.yaml": 56,
    "questions_twohundredfiftyninth.yaml": 51,
    "questions_twohundredsixtieth.yaml": 52,
    "questions_twohundredsixtyfirst.yaml": 45,
    # two hundred and sixty-two to sixty-five, first scores 89, 96, 96 and 91 % (on f78969b,
    # session 24's first round)
    "questions_twohundredsixtysecond.yaml": 54,
    "questions_twohundredsixtythird.yaml": 58,
    "questions_twohundredsixtyfourth.yaml": 57,
    "questions_twohundredsixtyfifth.yaml": 54,
    # two hundred and sixty-six to sixty-nine, first scores 83, 91, 87 and 89 % (on f3690cf,
    # session 24's second round)
    "questions_twohundredsixtysixth.yaml": 51,
    "questions_twohundredsixtyseventh.yaml": 53,
    "questions_twohundredsixtyeighth.yaml": 53,
    "questions_twohundredsixtyninth.yaml": 53,
    # two hundred and seventy to seventy-three, first scores 93, 96, 94 and 87 % (on 7d95203,
    # session 24's third round)
    "questions_twohundredseventieth.yaml": 55,
    "questions_twohundredseventyfirst.yaml": 56,
    "questions_twohundredseventysecond.yaml": 57,
    "questions_twohundredseventythird.yaml": 54,
    # two hundred and seventy-four to seventy-seven, first scores 94, 89, 93 and 89 % (on
    # 9b59816, session 24's fourth round)
    "questions_twohundredseventyfourth.yaml": 55,
    "questions_twohundredseventyfifth.yaml": 54,
    "questions_twohundredseventysixth.yaml": 56,
    "questions_twohundredseventyseventh.yaml": 52,
    # two hundred and seventy-eight to eighty-one, first scores 89, 87, 91 and 87 % (on
    # 091aa2d, session 24's fifth round)
    "questions_twohundredseventyeighth.yaml": 51,
    "questions_twohundredseventyninth.yaml": 53,
    "questions_twohundredeightieth.yaml": 53,
    "questions_twohundredeightyfirst.yaml": 51,
    # two hundred and eighty-two to eighty-five, first scores 94, 93, 96 and 74 % (on
    # 56cdfb7, session 24's final code)
    "questions_twohundredeightysecond.yaml": 55,
    "questions_twohundredeightythird.yaml": 54,
    "questions_twohundredeightyfourth.yaml": 58,
    "questions_twohundredeightyfifth.yaml": 53,
    # two hundred and eighty-six to eighty-nine, first scores 80, 93, 87 and 96 % (on
    # 26a2743, session 25's first round)
    "questions_twohundredeightysixth.yaml": 56,
    "questions_twohundredeightyseventh.yaml": 58,
    "questions_twohundredeightyeighth.yaml": 55,
    "questions_twohundredeightyninth.yaml": 57,
    # two hundred and ninety to ninety-three, first scores 93, 93, 96 and 94 % (on b5f13ca,
    # session 25's second round)
    "questions_twohundredninetieth.yaml": 55,
    "questions_twohundredninetyfirst.yaml": 58,
    "questions_twohundredninetysecond.yaml": 56,
    "questions_twohundredninetythird.yaml": 57,
    # two hundred and ninety-four to ninety-seven, first scores 85, 94, 93 and 96 % (on
    # 6219167, session 25's third round); ninety-four's inversion ("Japan sells America a
    # quare lot of stuff and makes a tidy surplus off them. Why's that, when they're in the
    # red with everybody else?", read as the deficit) was fixed in session 26
    "questions_twohundredninetyfourth.yaml": 50,
    "questions_twohundredninetyfifth.yaml": 55,
    "questions_twohundredninetysixth.yaml": 55,
    "questions_twohundredninetyseventh.yaml": 57,
    # two hundred and ninety-eight to three hundred and one, first scores 94, 91, 91 and
    # 85 % (on a6166e1, session 25's fourth round)
    "questions_twohundredninetyeighth.yaml": 54,
    "questions_twohundredninetyninth.yaml": 54,
    "questions_threehundredth.yaml": 54,
    "questions_threehundredfirst.yaml": 51,
    # three hundred and two to three hundred and five, first scores 81, 89, 96 and 96 % (on
    # d3e3e11, session 25's final parser before its sixth round)
    "questions_threehundredsecond.yaml": 49,
    "questions_threehundredthird.yaml": 52,
    "questions_threehundredfourth.yaml": 55,
    "questions_threehundredfifth.yaml": 56,
    # three hundred and six to three hundred and nine, first scores 91, 91, 87 and 87 % (on
    # 583193e, session 25's final parser)
    "questions_threehundredsixth.yaml": 57,
    "questions_threehundredseventh.yaml": 55,
    "questions_threehundredeighth.yaml": 57,
    "questions_threehundredninth.yaml": 56,
    # three hundred and ten to three hundred and thirteen, first scores 96, 96, 85 and 87 %
    # (on cd0b1e7, session 26's first round)
    "questions_threehundredtenth.yaml": 56,
    "questions_threehundredeleventh.yaml": 58,
    "questions_threehundredtwelfth.yaml": 51,
    "questions_threehundredthirteenth.yaml": 53,
    # three hundred and fourteen to three hundred and seventeen, first scores 98, 98, 94 and
    # 85 % (on 5e6ed75, session 26's second round)
    "questions_threehundredfourteenth.yaml": 58,
    "questions_threehundredfifteenth.yaml": 56,
    "questions_threehundredsixteenth.yaml": 56,
    "questions_threehundredseventeenth.yaml": 53,
    # session 18's held-out sets E and F (one hundred and twenty, one hundred and
    # twenty-one): 85 % -> 85 % and 78 % -> 80 % of why and what-if from the session's first
    # to its final parser before anyone read them, then only F's inversion studied
    "questions_hundredtwentieth.yaml": 50,
    "questions_hundredtwentyfirst.yaml": 48,
    # session 17's held-out sets C and D (seventy-eight, seventy-nine): 89 % -> 91 % and
    # 83 % -> 83 % of why and what-if from the session's first to its final code before
    # anyone read them, then only D's two inversions studied
    "questions_seventyeighth.yaml": 53,
    "questions_seventyninth.yaml": 50,
    # one hundred and forty-four is left out: one inversion is open ("Japan's aggregate goods
    # balance is negative but the bilateral vs the US is a chunky surplus. Autos doing the
    # heavy lifting there?": the bilateral after "but" is asked, the first clause is read)
    # one hundred and twelve is left out: one inversion is open ("… with America dem still
    # dey collect fat surplus. Why the US side dey positive for them?": "the US side" names
    # no phrase, so the earlier sentence's loss on trade is read)
}


@functools.lru_cache(maxsize=1)
def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location(
        "score_questions", ROOT / "bench" / "score_questions.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@functools.lru_cache(maxsize=1)
def _store() -> Any:
    """One reasoned store for every set: answering only reads it, and building it once
    instead of once per set saves CI about ten seconds a set."""
    from kg.build import build_memory
    from rules.materialize import post_load

    return build_memory(post_load=post_load)[0]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_answer_level_score_holds(name: str) -> None:
    out = _scorer().score(ROOT / "tests" / "data" / name, by_endpoint=True, store=_store())
    assert out["inversions"] == [], out["inversions"]
    right = sum(v["right"] for v in out["by_intent"].values())
    assert right >= FLOORS[name], (name, right, out["by_intent"])
