"""The demo's knowledge hub: Kestrel's spaces and pages, written through the hub's services.

About 70 pages across 8 spaces (two of them private), guides, best practices and step-by-step
walkthroughs, each drafted, reviewed and published on a day in the story by people who know the
subject (teachers of its skill). Some were verified again since; the rest ran past their
review date and show "needs review". Pages written by people who have since left are ownerless
and flagged to their space admins. A few drafts and reviews are in flight.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from peerlearn.knowledge.models import Page, Space, SpaceRole
from peerlearn.knowledge.services import (
    StepInput,
    page_approve,
    page_comment_add,
    page_create,
    page_feedback_give,
    page_submit_for_review,
    page_verify,
    page_view_record,
    space_create,
    space_member_set,
)
from peerlearn.people.demo import DemoContext, PlannedPerson


@dataclass(frozen=True)
class SpacePlan:
    name: str
    description: str
    department: str  # whose people write here (and, for private spaces, who are members)
    private: bool = False


SPACES = (
    SpacePlan("Engineering handbook", "How we build, ship and run the product.", "Engineering"),
    SpacePlan("Data and analytics", "Pipelines, models and the metrics we trust.", "Engineering"),
    SpacePlan("Product and design", "How we discover, design and decide.", "Product"),
    SpacePlan("Sales playbook", "From first call to signed contract.", "Sales"),
    SpacePlan("Customer success", "Onboarding, support and renewals.", "Customer Success"),
    SpacePlan("People and policies", "Leave, expenses, equipment and growth.", "People"),
    SpacePlan("Security runbooks", "Incident and access runbooks.", "Engineering", private=True),
    SpacePlan("Leadership circle", "For people managers: hard conversations.", "", private=True),
)

# (space, title, kind, skill, summary, points): points become the body or the steps.
PAGES: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    (
        "Engineering handbook",
        "Deploy a service to staging",
        "walkthrough",
        "CI/CD",
        "From merged pull request to a running staging deploy.",
        (
            "Merge to main|The pipeline builds an image tagged with the commit SHA.",
            "Watch the pipeline|Open the CI run; the `deploy-staging` job starts after tests pass.",
            "Check the rollout|Run `kubectl rollout status deploy/<service> -n staging`.",
            "Smoke test|Open the staging URL and run the checklist in the service README.",
            "Announce|Post the change in #releases with a link to the pull request.",
        ),
    ),
    (
        "Engineering handbook",
        "Roll back a bad release",
        "walkthrough",
        "Kubernetes",
        "Undo a deploy in under five minutes.",
        (
            "Find the last good revision|`kubectl rollout history deploy/<service>`.",
            "Roll back|`kubectl rollout undo deploy/<service> --to-revision=<n>`.",
            "Confirm|Error rate back to normal on the service dashboard.",
            "Write it down|Open an incident note even if it was quick.",
        ),
    ),
    (
        "Engineering handbook",
        "Code review: what we look for",
        "best_practice",
        "Code review",
        "Correct, clear and kind to the next reader.",
        (
            "Review within one working day; small pull requests get reviewed first.",
            "Ask questions rather than give orders: “What happens if this is empty?”",
            "Approve when it is better than before, not when it is perfect.",
            "Tests come with the change; a bug fix comes with the test that shows it.",
        ),
    ),
    (
        "Engineering handbook",
        "Writing good tests",
        "best_practice",
        "Automated testing",
        "Tests that let us change code without fear.",
        (
            "Test behaviour through the public interface, not private helpers.",
            "One reason to fail per test; name it after the behaviour.",
            "Prefer real collaborators over mocks of our own code.",
            "A flaky test is a bug: quarantine it and open an issue the same day.",
        ),
    ),
    (
        "Engineering handbook",
        "Our Python style",
        "guide",
        "Python",
        "Formatting, typing and naming in our Python code.",
        (
            "Ruff formats and lints; do not argue with it in review.",
            "Type-annotate every function; `mypy --strict` runs in CI.",
            "Names explain themselves; comments say why, not what.",
            "No `utils.py`: put a function where its callers live.",
        ),
    ),
    (
        "Engineering handbook",
        "Set up your laptop",
        "walkthrough",
        "Python",
        "Your first day: from unboxing to a running app.",
        (
            "Install the tools|Run the bootstrap script from the `laptop` repository.",
            "Get access|Ask in #it-help for GitHub, AWS SSO and the VPN.",
            "Clone and run|`make demo` starts the app with demo data on port 8000.",
            "Run the tests|`make test`; all green means your setup is right.",
            "Say hello|Post in #engineering and pair with your buddy on a first ticket.",
        ),
    ),
    (
        "Engineering handbook",
        "Database migrations without downtime",
        "guide",
        "PostgreSQL",
        "Expand, migrate, contract.",
        (
            "Add new columns as nullable; backfill in batches.",
            "Deploy code that writes both old and new before reading the new.",
            "Drop the old column in a later release, never the same one.",
            "Create indexes `CONCURRENTLY` on big tables.",
        ),
    ),
    (
        "Engineering handbook",
        "Terraform changes: plan, review, apply",
        "guide",
        "Terraform",
        "Infrastructure changes go through review like code.",
        (
            "Every change starts as a pull request with the plan output attached.",
            "Two approvals for production accounts.",
            "Apply from CI, never from a laptop.",
        ),
    ),
    (
        "Engineering handbook",
        "Docker images: small and safe",
        "best_practice",
        "Docker",
        "Multi-stage builds, pinned bases, no secrets.",
        (
            "Use multi-stage builds; the runtime image has no compilers.",
            "Pin base images by digest and let the bot update them.",
            "Never bake secrets into images; they come from the secret store at runtime.",
        ),
    ),
    (
        "Engineering handbook",
        "Dashboards every service needs",
        "best_practice",
        "Observability",
        "Rate, errors, duration, saturation.",
        (
            "One dashboard per service with the four golden signals.",
            "Alerts page on symptoms users feel, not on causes.",
            "Every alert links to a runbook in this hub.",
        ),
    ),
    (
        "Engineering handbook",
        "Designing an API endpoint",
        "guide",
        "System design",
        "Resources, errors and pagination the same way everywhere.",
        (
            "Nouns in paths, verbs in methods.",
            "Errors are problem details with the field named.",
            "Every list is paginated; never return unbounded arrays.",
        ),
    ),
    (
        "Engineering handbook",
        "GraphQL schema conventions",
        "guide",
        "GraphQL",
        "Naming, nullability and deprecation.",
        (
            "Fields are nullable unless we can promise a value.",
            "Deprecate with a reason and a date; remove after two releases.",
        ),
    ),
    (
        "Engineering handbook",
        "React component guidelines",
        "best_practice",
        "React",
        "Small components, colocated tests, accessible by default.",
        (
            "Every interactive element is reachable by keyboard.",
            "State lives as low as it can.",
            "Storybook stories double as visual tests.",
        ),
    ),
    (
        "Engineering handbook",
        "TypeScript strictness",
        "guide",
        "TypeScript",
        "Why `strict` is on and how to live with it.",
        ("No `any` without a comment saying why.", "Prefer unions of literals to enums."),
    ),
    (
        "Engineering handbook",
        "Release the mobile apps",
        "walkthrough",
        "Swift",
        "From release branch to the stores.",
        (
            "Cut the branch|`release/x.y` from main on Monday.",
            "Regression pass|QA runs the checklist on both platforms.",
            "Submit|Upload builds; fill in release notes from the changelog.",
            "Phased rollout|Start at 10% and watch crash-free sessions.",
        ),
    ),
    (
        "Data and analytics",
        "Write a dbt model",
        "walkthrough",
        "dbt",
        "A new model, tested and documented.",
        (
            "Create the model|Add `models/marts/<name>.sql` selecting from staging models.",
            "Add tests|`unique` and `not_null` on the key in the YAML file.",
            "Document it|Describe every column; the docs site builds from it.",
            "Run it|`dbt build --select <name>+` locally against your dev schema.",
        ),
    ),
    (
        "Data and analytics",
        "SQL style guide",
        "best_practice",
        "SQL",
        "Readable SQL that reviews quickly.",
        (
            "Lower-case keywords, one column per line, trailing commas.",
            "CTEs over nested subqueries; name them after what they hold.",
            "Never `SELECT *` in a model.",
        ),
    ),
    (
        "Data and analytics",
        "Airflow DAG checklist",
        "best_practice",
        "Airflow",
        "Idempotent, retried and observable.",
        (
            "Every task can run twice without harm.",
            "Retries with backoff; alert on the third failure.",
            "Sensors time out; nothing waits forever.",
        ),
    ),
    (
        "Data and analytics",
        "Metric definitions we trust",
        "guide",
        "Product analytics",
        "Active users, retention and revenue, defined once.",
        (
            "Weekly active users: a person with one meaningful event in 7 days.",
            "Net revenue retention is computed monthly from the billing mart.",
        ),
    ),
    (
        "Data and analytics",
        "Spark jobs that do not fall over",
        "guide",
        "Spark",
        "Partitioning, skew and memory.",
        (
            "Repartition on the join key before a wide join.",
            "Salt skewed keys; check the stage UI for stragglers.",
        ),
    ),
    (
        "Data and analytics",
        "Shipping a model to production",
        "walkthrough",
        "Machine learning",
        "From notebook to monitored endpoint.",
        (
            "Freeze the training data|Snapshot the features with a version tag.",
            "Evaluate|Compare against the current model on the holdout set.",
            "Package|Build the serving image from the model registry.",
            "Shadow|Serve in shadow mode for a week and compare.",
            "Switch|Flip the flag; watch drift dashboards.",
        ),
    ),
    (
        "Data and analytics",
        "Querying PostgreSQL replicas safely",
        "guide",
        "PostgreSQL",
        "Analytics reads go to the replica, with limits.",
        (
            "Use the read-only role and a statement timeout.",
            "Heavy exports run at night from the warehouse instead.",
        ),
    ),
    (
        "Product and design",
        "Writing a product brief",
        "guide",
        "Product discovery",
        "Problem, evidence, bets and measures.",
        (
            "Start from the problem and who has it, with evidence.",
            "List the bets and how we will know they worked.",
            "Keep it to two pages; link the research.",
        ),
    ),
    (
        "Product and design",
        "Running a user interview",
        "walkthrough",
        "User research",
        "Plan, run and share a 45-minute interview.",
        (
            "Recruit|Five participants from the research panel.",
            "Prepare|A discussion guide with open questions.",
            "Run|One person asks, one takes notes; record with consent.",
            "Share|Highlights in the research repository within two days.",
        ),
    ),
    (
        "Product and design",
        "Accessibility checklist",
        "best_practice",
        "Accessibility",
        "What every screen must meet before it ships.",
        (
            "Colour contrast 4.5:1 for text.",
            "Every form field has a label; errors say how to fix them.",
            "Everything works with a keyboard alone.",
        ),
    ),
    (
        "Product and design",
        "Design critique",
        "best_practice",
        "Interaction design",
        "Useful feedback on work in progress.",
        (
            "The designer says what feedback they need.",
            "Critique the work against its goals, not personal taste.",
        ),
    ),
    (
        "Product and design",
        "Prioritising the roadmap",
        "guide",
        "Prioritisation",
        "How we choose what to build next.",
        (
            "Score opportunities on reach, impact, confidence and effort.",
            "Revisit the top ten every month with sales and success.",
        ),
    ),
    (
        "Product and design",
        "Using the design system",
        "guide",
        "Figma",
        "Components, tokens and when to add new ones.",
        (
            "Use existing components first; ask in #design-system before adding.",
            "Tokens for colour and spacing; no hard-coded values.",
        ),
    ),
    (
        "Sales playbook",
        "Run a discovery call",
        "walkthrough",
        "Discovery calls",
        "Understand the customer's problem before pitching.",
        (
            "Prepare|Read their annual report and LinkedIn; note three hypotheses.",
            "Open|Agree the agenda and the time.",
            "Ask|Current process, pain, impact, who decides.",
            "Close|Agree a next step with a date before hanging up.",
        ),
    ),
    (
        "Sales playbook",
        "Handling pricing objections",
        "best_practice",
        "Negotiation",
        "Hold value before discussing discounts.",
        (
            "Restate the value they told you in discovery.",
            "Trade, never give: a discount for a longer term or a case study.",
            "Discounts over 15% need deal desk approval.",
        ),
    ),
    (
        "Sales playbook",
        "Writing a proposal",
        "guide",
        "Proposal writing",
        "A proposal the buyer can forward internally.",
        ("Lead with their problem in their words.", "One page of outcomes, then scope and price."),
    ),
    (
        "Sales playbook",
        "Forecasting in the CRM",
        "guide",
        "Salesforce",
        "Stages, close dates and commit.",
        (
            "A deal is commit only with a signed order form date agreed.",
            "Update close dates every Friday.",
        ),
    ),
    (
        "Sales playbook",
        "Prospecting sequences",
        "best_practice",
        "Prospecting",
        "Five touches over three weeks.",
        (
            "Personalise the first line; reference a trigger event.",
            "Mix e-mail, call and LinkedIn.",
        ),
    ),
    (
        "Sales playbook",
        "Giving a product demo",
        "walkthrough",
        "Product demos",
        "A demo that follows their story.",
        (
            "Recap|Their three pains from discovery.",
            "Show|One workflow per pain, with their data where possible.",
            "Pause|Ask what resonated before moving on.",
            "Next step|Trial or technical deep dive, with a date.",
        ),
    ),
    (
        "Customer success",
        "Onboarding a new customer",
        "walkthrough",
        "Customer onboarding",
        "The first 30 days of a new account.",
        (
            "Kick-off|Agree goals and success measures.",
            "Connect data|Pair with their admin on the first data source.",
            "Train|Two sessions for admins and analysts.",
            "Review|Day-30 check: first dashboard live?",
        ),
    ),
    (
        "Customer success",
        "Triage a support ticket",
        "walkthrough",
        "Technical support",
        "Severity, ownership and first reply.",
        (
            "Classify|Severity from the customer impact table.",
            "Reply|Acknowledge within the SLA with what happens next.",
            "Route|Engineering escalation for S1 and S2 via the on-call rota.",
        ),
    ),
    (
        "Customer success",
        "Running a quarterly business review",
        "guide",
        "Account management",
        "Show value, agree the next quarter.",
        ("Usage and outcomes against their goals.", "Two recommendations and one expansion idea."),
    ),
    (
        "Customer success",
        "Handling an escalation",
        "best_practice",
        "De-escalation",
        "Calm, clear and fast.",
        ("Acknowledge the impact first.", "Give a time for the next update and keep it."),
    ),
    (
        "Customer success",
        "Renewal playbook",
        "guide",
        "Renewals",
        "Start 120 days before the end date.",
        ("Health score review at 120 days.", "Commercial conversation at 90 days."),
    ),
    (
        "People and policies",
        "Booking holiday",
        "walkthrough",
        "",
        "How to request leave and what to hand over.",
        (
            "Check the team calendar|Avoid clashes with release weeks.",
            "Request it|In the HR system, at least two weeks ahead.",
            "Hand over|Write down what might come up and who covers it.",
        ),
    ),
    (
        "People and policies",
        "Claiming expenses",
        "walkthrough",
        "",
        "Receipts, limits and approval.",
        (
            "Photograph the receipt|The app reads it.",
            "Pick the category|Travel, meals, equipment or training.",
            "Submit|Your manager approves; paid with the next salary.",
        ),
    ),
    (
        "People and policies",
        "Your learning budget",
        "guide",
        "",
        "Every person has a yearly budget for courses and books.",
        (
            "Agree the course with your manager first.",
            "Share what you learnt: a lunch-and-learn or a hub page.",
        ),
    ),
    (
        "People and policies",
        "Giving feedback",
        "best_practice",
        "Giving feedback",
        "Specific, timely and kind.",
        (
            "Describe the situation, the behaviour and its impact.",
            "Ask for their view before suggesting what to change.",
        ),
    ),
    (
        "People and policies",
        "Running effective one-to-ones",
        "guide",
        "Coaching",
        "The report's meeting, not the manager's.",
        ("The report owns the agenda.", "Cover wellbeing, growth and blockers, in that order."),
    ),
    (
        "People and policies",
        "Remote working setup",
        "guide",
        "",
        "Equipment and allowances for working from home.",
        (
            "Order a monitor and chair through the equipment portal.",
            "The monthly allowance covers internet and power.",
        ),
    ),
    (
        "Security runbooks",
        "Respond to a leaked secret",
        "walkthrough",
        "Incident response",
        "Rotate first, investigate second.",
        (
            "Revoke|Rotate the secret in the secret store immediately.",
            "Contain|Invalidate sessions or tokens issued with it.",
            "Investigate|Check access logs for use since the leak.",
            "Report|Open a security incident and inform the DPO if personal data was exposed.",
        ),
    ),
    (
        "Security runbooks",
        "Grant production access",
        "walkthrough",
        "Application security",
        "Time-boxed, approved and logged.",
        (
            "Request|Ticket with the reason and duration.",
            "Approve|Team lead and security approve.",
            "Expire|Access ends automatically after 8 hours.",
        ),
    ),
    (
        "Security runbooks",
        "Threat modelling a feature",
        "guide",
        "Application security",
        "STRIDE in thirty minutes.",
        (
            "Draw the data flow.",
            "Walk through spoofing, tampering, repudiation, disclosure, denial, elevation.",
        ),
    ),
    (
        "Leadership circle",
        "Handling underperformance",
        "guide",
        "Coaching",
        "Early, clear and documented.",
        (
            "Name the gap with examples as soon as you see it.",
            "Agree a plan with dates; check in weekly.",
        ),
    ),
    (
        "Leadership circle",
        "Delegating well",
        "best_practice",
        "Delegation",
        "Hand over outcomes, not tasks.",
        ("Explain the why and what good looks like.", "Agree check-in points instead of hovering."),
    ),
    (
        "Leadership circle",
        "Resolving conflict in the team",
        "guide",
        "Conflict resolution",
        "Separate people from positions.",
        (
            "Meet each person first, then together.",
            "Agree the shared goal before discussing options.",
        ),
    ),
)
# More pages, so the hub is big enough to search and to have a long tail of older content.
EXTRA_TOPICS = (
    ("Engineering handbook", "Kubernetes", "Debugging a crash-looping pod"),
    ("Engineering handbook", "AWS", "Cost tags on every AWS resource"),
    ("Engineering handbook", "Go", "Error handling in Go services"),
    ("Engineering handbook", "Incident response", "Writing a blameless post-mortem"),
    ("Engineering handbook", "Kotlin", "Android release checklist"),
    ("Engineering handbook", "Django", "Django query performance"),
    ("Engineering handbook", "CI/CD", "Speeding up slow CI pipelines"),
    ("Data and analytics", "SQL", "Window functions by example"),
    ("Data and analytics", "dbt", "Incremental models in dbt"),
    ("Data and analytics", "Machine learning", "Feature store basics"),
    ("Product and design", "User research", "Usability testing on a budget"),
    ("Product and design", "Product discovery", "Opportunity solution trees"),
    ("Sales playbook", "Negotiation", "Multi-year deal structures"),
    ("Sales playbook", "Salesforce", "Cleaning up the pipeline"),
    ("Customer success", "Technical support", "Writing help-centre articles"),
    ("Customer success", "Account management", "Spotting churn risk early"),
    ("People and policies", "Public speaking", "Giving your first lunch-and-learn"),
    ("People and policies", "Mentoring", "Getting the most from a mentor"),
    ("People and policies", "", "Parental leave"),
    ("Engineering handbook", "Observability", "Structured logging conventions"),
)


def _markdown_body(points: tuple[str, ...], skill: str) -> str:
    lines = ["## Why this matters", ""]
    lines.append(
        "We wrote this down so nobody has to learn it the hard way or ask the one person who "
        f"remembers.{f' It builds on our **{skill}** practice.' if skill else ''}"
    )
    lines += ["", "## What to do", ""]
    lines += [f"- {point}" for point in points]
    lines += ["", "## Questions?", "", "Ask in *Ask a peer* and tag the skill: the owners see it."]
    return "\n".join(lines)


def _writer(ctx: DemoContext, rng: random.Random, skill: str, department: str) -> PlannedPerson:
    """Someone who can teach the skill (leavers included: their pages become ownerless)."""
    teachers = [
        p for p in ctx.plan.people if any(s.name == skill and s.can_teach for s in p.skills)
    ]
    if not teachers:
        teachers = [p for p in ctx.plan.people if p.department == department and p.rank >= 3]
    if not teachers:
        teachers = [p for p in ctx.plan.people if p.rank >= 4]
    return rng.choice(teachers)


def _reviewer(
    ctx: DemoContext, rng: random.Random, writer: PlannedPerson, members: list[PlannedPerson]
) -> PlannedPerson:
    pool = [p for p in members if p.email != writer.email and p.left_on is None and p.rank >= 3]
    return rng.choice(pool or [p for p in ctx.active_people() if p.email != writer.email])


def seed_knowledge(ctx: DemoContext) -> None:
    rng = ctx.rng("knowledge")
    launch = ctx.launch_day
    spaces: dict[str, Space] = {}
    members_of: dict[str, list[PlannedPerson]] = {}
    for plan in SPACES:
        if plan.name == "Leadership circle":
            members = [p for p in ctx.managers() if p.left_on is None]
        else:
            members = [
                p
                for p in ctx.active_people()
                if p.department == plan.department or (plan.department == "" and p.rank >= 5)
            ]
        if plan.name == "Security runbooks":
            members = [p for p in members if "Security" in p.team or "Reliability" in p.team]
            members += [p for p in ctx.active_people() if p.rank >= 6][:3]
        if not members:  # a small demo company may lack the department
            members = [p for p in ctx.active_people() if p.rank >= 3][:5] or ctx.active_people()[:5]
        admin = next((p for p in members if p.role in {"head", "lead"}), None) or members[0]
        with ctx.at(ctx.moment(launch, admin.time_zone, rng)):
            space = space_create(
                name=plan.name,
                created_by=ctx.people[admin.email],
                description=plan.description,
                is_private=plan.private,
            )
            if plan.private:
                for member in members:
                    if member.email != admin.email:
                        space_member_set(
                            space=space, person=ctx.people[member.email], role=SpaceRole.MEMBER
                        )
        spaces[plan.name] = space
        members_of[plan.name] = members

    entries = list(PAGES) + [
        (space, title, "guide", skill, f"What we know about {title.lower()}.",
         ("Start with the basics in the linked pages.",
          "Ask an owner before changing the approach.",
          "Share what you learn back here."))
        for space, skill, title in EXTRA_TOPICS
    ]  # fmt: skip
    pages: list[Page] = []
    plans = {plan.name: plan for plan in SPACES}
    leavers = [p for p in ctx.plan.people if p.left_on is not None]
    for number, (space_name, title, kind, skill_name, summary, points) in enumerate(entries):
        space_plan = plans[space_name]
        members = members_of[space_name]
        if space_plan.private:
            writer = rng.choice([p for p in members if p.rank >= 3] or members)
        elif leavers and number % 9 == 4:
            writer = leavers[number % len(leavers)]  # they left since: the page is ownerless
        else:
            writer = _writer(ctx, rng, skill_name, space_plan.department)
        reviewer = _reviewer(ctx, rng, writer, members)
        last_day = writer.left_on - timedelta(days=5) if writer.left_on else ctx.today
        first_day = max(launch, writer.hire_date)
        day = ctx.day_between(rng, first_day, max(first_day, last_day))
        steps: tuple[StepInput, ...] = ()
        body = _markdown_body(points, skill_name)
        if kind == "walkthrough":
            steps = tuple(
                StepInput(title=point.split("|")[0], body=point.split("|")[1]) for point in points
            )
            body = "Follow the steps in order; each takes a few minutes."
        skill = ctx.skills.get(skill_name)
        author = ctx.people[writer.email]
        with ctx.at(ctx.moment(day, writer.time_zone, rng)):
            page = page_create(
                space=spaces[space_name],
                author=author,
                title=title,
                kind=kind,
                summary=summary,
                body=body,
                steps=steps,
                skills=[skill] if skill else [],
                review_interval_days=rng.choice([60, 90, 90, 180]),
            )
        pages.append(page)
        roll = rng.random()
        if roll < 0.05 and writer.left_on is None:
            continue  # a draft still being written
        review_day = min(day + timedelta(days=rng.randint(1, 6)), ctx.today)
        with ctx.at(ctx.moment(review_day, writer.time_zone, rng)):
            page_submit_for_review(
                page=page, submitted_by=author, reviewer=ctx.people[reviewer.email]
            )
        if roll < 0.1 and writer.left_on is None:
            continue  # waiting for its reviewer
        with ctx.at(ctx.moment(review_day, reviewer.time_zone, rng)):
            page_approve(page=page, reviewer=ctx.people[reviewer.email])
        page.refresh_from_db()
        # Most owners verify around each review date; some let one slip (the page goes stale).
        while writer.left_on is None and page.review_due_at is not None and rng.random() < 0.8:
            verify_day = page.review_due_at.date() - timedelta(days=rng.randint(0, 10))
            if verify_day >= ctx.today:
                break
            with ctx.at(ctx.moment(verify_day, writer.time_zone, rng)):
                page_verify(page=page, verified_by=author)
        pool = members if space_plan.private else ctx.active_people()
        readers = rng.sample(pool, k=min(8, len(pool)))
        for reader in readers:
            when = ctx.moment(ctx.day_between(rng, review_day, ctx.today), reader.time_zone, rng)
            with ctx.at(when):
                page_view_record(page=page, viewer=ctx.people[reader.email], now=when)
                if rng.random() < 0.4:
                    page_feedback_give(
                        page=page,
                        person=ctx.people[reader.email],
                        helpful=rng.random() < (0.85 if rng.random() < 0.85 else 0.2),
                    )
        if readers and rng.random() < 0.15:
            commenter = rng.choice(readers)
            with ctx.at(ctx.moment(ctx.today - timedelta(days=2), commenter.time_zone, rng)):
                page_comment_add(
                    page=page,
                    author=ctx.people[commenter.email],
                    body=rng.choice(
                        [
                            "This saved me an hour today, thank you.",
                            "Step 2 has changed: the tool now asks for SSO first.",
                            "Could we add a screenshot of the dashboard?",
                        ]
                    ),
                )
    ctx.count("hub pages", len(pages))
    ctx.count("hub spaces", len(spaces))
