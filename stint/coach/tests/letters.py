"""Hand-written letters and the project they answer, shared by the coach's tests."""

from __future__ import annotations

QUESTION = "Which survey tool would you use, and why?"
RUBRIC = [{"criterion": "Research method", "weight": 2}, {"criterion": "Clear writing", "weight": 1}]

GOOD = (
    "I would like to run the customer survey for your budgeting app. Last spring I designed a survey of "
    "400 students for my statistics course and used Python to clean the answers. I chose the research "
    "method with my tutor: a short pilot first, then the full survey. I wrote the report in clear, plain "
    "writing, and the student union used it to change its opening hours. For you I would start with ten "
    "interviews, draft the questions, and test them on five people before sending the survey to everyone. "
    "You can read the report at https://example.org/survey-report."
)
GOOD_ANSWER = "I would use LimeSurvey: it is free, it runs on our own server, and it exports clean CSV files."

# Sent to another project before: the reused letter changes only the project's name.
EARLIER = (
    "I am a motivated student who loves data and learning new things. I am hard working, reliable and a "
    "team player. I have good communication skills and I am always on time. I believe I would be a great "
    "fit for the logo design project and I look forward to hearing from you soon. Thank you for your time."
)
REUSED = EARLIER.replace("logo design project", "customer survey project")

# A good letter, but it never says Python (nor any of its other names).
NO_SKILL = GOOD.replace("used Python to clean", "cleaned")
