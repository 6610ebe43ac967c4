import pytest

from cte_bot.grounding import is_grounded, ungrounded

CONTEXT = (
    "Sessions and Hours — Schedule\nROC's morning session runs 7:30–10:30 am. 96% of ROC/CTEC seniors graduate. "
    "Over 7,900 college credits were earned last year. Partnerships with Bakersfield College and CSU Bakersfield. "
    "Applications open in early November."
)


@pytest.mark.parametrize(
    "answer",
    [
        "ROC's morning session runs 7:30–10:30 am.",
        "96% of ROC/CTEC seniors graduate. Over 7,900 college credits were earned last year.",
        "Students can earn credit with **Bakersfield College**. Call or text 988 any time.",
        "Applications open in early November.",
    ],
)
def test_supported_answers_pass(answer: str) -> None:
    assert is_grounded(answer, CONTEXT), ungrounded(answer, CONTEXT)


@pytest.mark.parametrize(
    ("answer", "invented"),
    [
        ("ROC's morning session runs 7:00–10:30 am.", "7:00"),  # a changed time
        ("97% of ROC/CTEC seniors graduate.", "97%"),  # a changed percentage
        ("Over 8,000 college credits were earned last year.", "8000"),  # a changed figure
        ("Tuition is $450 per semester.", "450"),  # an invented price
        ("The welding teacher is Maria Gonzalez.", "Maria Gonzalez"),  # an invented person
        ("Students can transfer to Fresno State University.", "Fresno State University"),  # an invented partner
        ("Applications close in February.", "february"),  # an invented month
    ],
)
def test_adversarial_answers_are_caught(answer: str, invented: str) -> None:
    problems = ungrounded(answer, CONTEXT)
    assert invented in problems, problems
