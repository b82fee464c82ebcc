from oneteam.similarity.analysis import analyze, tokenize
from oneteam.similarity.stemmer import stem


def test_word_forms_share_a_stem() -> None:
    groups = [
        ("volunteer", "volunteers", "volunteering"),
        ("organisation", "organization", "organisations"),
        ("community", "communities"),
        ("digitise", "digitising", "digitisation"),
        ("loneliness", "lonely"),
        ("behaviour", "behavior"),
        ("running", "run"),
    ]
    for words in groups:
        assert len({stem(word) for word in words}) == 1, words


def test_short_words_and_numbers() -> None:
    assert stem("bus") == "bus"
    assert stem("65s") == "65"
    assert stem("staff") == "staff"


def test_tokenize_folds_case_accents_and_possessives() -> None:
    assert tokenize("Café’s NHS over-65s") == ["cafe", "nhs", "over", "65s"]


def test_stop_words_dropped_but_phrases_still_match() -> None:
    terms = analyze("Support for people over 65s")
    assert "for" not in terms and "over" not in terms
    assert terms["~older_people"] == 1


def test_paraphrases_share_concepts() -> None:
    first = analyze("Helping older residents get online")
    second = analyze("Digital skills support for over-65s")
    shared = set(first) & set(second)
    assert {"~older_people", "~digital_inclusion"} <= shared
