"""The demo's ask-a-peer: questions people at Kestrel asked, routed to colleagues who know.

Most were answered by teachers of the skill (many accepted, a few turned into hub pages); some
recent ones are still unanswered, and one of those is old enough to have been escalated.
"""

from __future__ import annotations

from datetime import timedelta

from peerlearn.knowledge.models import Space
from peerlearn.people.demo import DemoContext
from peerlearn.qa.services import (
    answer_accept,
    answer_post,
    question_ask,
    question_convert_to_page,
    questions_escalate,
    vote_cast,
)

# (skill, question, details, answer)
QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Kubernetes",
        "How do I get a shell in a running pod?",
        "I need to check a config file.",
        "`kubectl exec -it deploy/<service> -n <namespace> -- sh`. Use a debug container if the "
        "image has no shell: `kubectl debug`.",
    ),
    (
        "SQL",
        "What is the difference between WHERE and HAVING?",
        "My aggregate filter fails.",
        "`WHERE` filters rows before grouping; `HAVING` filters groups after aggregation.",
    ),
    (
        "Python",
        "Which Python version do our services use?",
        "Setting up a new repository.",
        "3.11 everywhere; the base image pins it. See *Our Python style* in the hub.",
    ),
    (
        "dbt",
        "How do I run only my dbt model and its children?",
        "",
        "`dbt build --select my_model+`.",
    ),
    (
        "Terraform",
        "Who approves Terraform changes to production?",
        "",
        "Two approvals from the platform team; the plan output must be in the pull request.",
    ),
    (
        "Incident response",
        "When should I declare an incident?",
        "Error rates are up a bit.",
        "When customers feel it or might soon. Declaring costs little; late declaring costs a lot.",
    ),
    (
        "Negotiation",
        "Can I offer a discount to close this quarter?",
        "The deal is 40k.",
        "Up to 15% yourself; above that go to deal desk. Trade it for a longer term.",
    ),
    (
        "Salesforce",
        "How do I mark a deal as commit?",
        "",
        "Stage *Negotiation* with an agreed signature date; the forecast picks it up.",
    ),
    (
        "Figma",
        "Where is the latest button component?",
        "",
        "In the *Core* library, page *Actions*. Detach nothing: ask in #design-system.",
    ),
    (
        "User research",
        "How many users should I interview?",
        "For a new onboarding flow.",
        "Five per segment finds most issues; stop when you hear nothing new.",
    ),
    (
        "Accessibility",
        "Do icons need text labels?",
        "",
        "Yes: visible text, or at least an accessible name. Icon-only buttons need `aria-label`.",
    ),
    (
        "Technical support",
        "What is our first-reply SLA for S2 tickets?",
        "",
        "Four business hours, 24/7 for enterprise plans.",
    ),
    (
        "Coaching",
        "How do I start coaching someone who did not ask for it?",
        "",
        "Ask what they want to get better at; coach on their goal, not yours.",
    ),
    (
        "Docker",
        "Why is my image 2 GB?",
        "It is a small Python service.",
        "Use a multi-stage build and the slim base; do not copy the .git folder.",
    ),
    (
        "Observability",
        "Where do I find the logs for a request?",
        "I have a request id.",
        "Search the request id in the logs UI; traces link from the same view.",
    ),
    (
        "Machine learning",
        "How do we monitor model drift?",
        "",
        "Population stability index per feature, daily, on the drift dashboard.",
    ),
    (
        "Public speaking",
        "Tips for my first lunch-and-learn?",
        "I am nervous.",
        "Pick one idea, show it live, keep it to 20 minutes, and leave time for questions.",
    ),
    (
        "Account management",
        "How early should I talk about renewal?",
        "",
        "Start 120 days before; the commercial conversation at 90.",
    ),
    (
        "PostgreSQL",
        "Can I add an index on a big table during the day?",
        "",
        "Only with `CREATE INDEX CONCURRENTLY`, and watch replication lag.",
    ),
    (
        "Go",
        "How should Go services handle context cancellation?",
        "",
        "Pass `ctx` everywhere and check `ctx.Err()` in loops; never store it in a struct.",
    ),
    (
        "React",
        "When should I use a context instead of props?",
        "",
        "When many levels need it and it changes rarely: theme, user, locale.",
    ),
    (
        "Giving feedback",
        "How do I give feedback to my manager?",
        "",
        "Ask first if they want "
        "it now, then describe situation, behaviour and impact, like any feedback.",
    ),
    (
        "Automated testing",
        "Should I mock the database in unit tests?",
        "",
        "No: use the real database in tests; it catches what mocks hide.",
    ),
    (
        "AWS",
        "How do I get access to the staging AWS account?",
        "",
        "Request the `staging-developer` role through SSO; your lead approves.",
    ),
)
UNANSWERED: tuple[tuple[str, str, str], ...] = (
    ("Spark", "Why does my Spark job spill to disk?", "It has 200 partitions."),
    ("GraphQL", "How do we version the GraphQL schema?", ""),
    ("Kotlin", "Is Jetpack Compose approved for new screens?", ""),
    ("Airflow", "Can a DAG trigger another DAG?", "Across two teams' repositories."),
    ("Prospecting", "Which intent data do we buy?", ""),
    ("Delegation", "How much should a new lead delegate in month one?", ""),
    ("Swift", "How do we handle iOS push notification permissions?", ""),
    ("", "Is there a quiet room in the Lisbon office?", ""),
)


def seed_questions(ctx: DemoContext) -> None:
    rng = ctx.rng("questions")
    askers = [p for p in ctx.active_people() if p.rank <= 3] or ctx.active_people()
    convert_space = Space.objects.filter(is_private=False).order_by("name").first()
    converted = 0
    for number, (skill_name, title, body, answer_text) in enumerate(QUESTIONS):
        skill = ctx.skills.get(skill_name)
        asker = rng.choice(askers)
        day = ctx.day_between(rng, ctx.joined_day(asker.email), ctx.today - timedelta(days=3))
        with ctx.at(ctx.moment(day, asker.time_zone, rng)):
            question = question_ask(
                asker=ctx.people[asker.email],
                title=title,
                body=body,
                skills=[skill] if skill else [],
            )
        teachers = [p for p in ctx.teachers_of(skill_name) if p.email != asker.email] or [
            p for p in ctx.active_people() if p.rank >= 4 and p.email != asker.email
        ]
        answerer = rng.choice(teachers)
        answer_day = min(day + timedelta(days=rng.randint(0, 2)), ctx.today - timedelta(days=1))
        with ctx.at(ctx.moment(answer_day, answerer.time_zone, rng)):
            answer = answer_post(
                question=question, author=ctx.people[answerer.email], body=answer_text
            )
            voters = ctx.active_people()
            for voter in rng.sample(voters, k=min(len(voters), rng.randint(0, 4))):
                if voter.email not in {answerer.email, asker.email}:
                    vote_cast(person=ctx.people[voter.email], value=1, answer=answer)
        if number % 5 == 0 or rng.random() < 0.6:
            with ctx.at(ctx.moment(answer_day, asker.time_zone, rng)):
                answer_accept(question=question, answer=answer, accepted_by=ctx.people[asker.email])
            if convert_space is not None and number % 10 == 0:
                with ctx.at(ctx.moment(answer_day, asker.time_zone, rng)):
                    question_convert_to_page(
                        question=question, space=convert_space, converted_by=ctx.people[asker.email]
                    )
                converted += 1
    for skill_name, title, body in UNANSWERED:
        skill = ctx.skills.get(skill_name)
        asker = rng.choice(askers)
        day = ctx.today - timedelta(days=rng.randint(0, 4))
        with ctx.at(ctx.moment(day, asker.time_zone, rng)):
            question_ask(
                asker=ctx.people[asker.email], title=title, body=body,
                skills=[skill] if skill else [],
            )  # fmt: skip
    with ctx.at(ctx.now - timedelta(minutes=1)):
        escalated = questions_escalate(now=ctx.now - timedelta(minutes=1))
    ctx.count("questions", len(QUESTIONS) + len(UNANSWERED))
    ctx.count("questions escalated", escalated)
    ctx.count("threads turned into pages", converted)
