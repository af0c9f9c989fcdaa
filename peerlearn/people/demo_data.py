"""The demo company, Kestrel Analytics, as data: places, names, teams, skills, the demo logins.

`demo.py` turns this into people; change the company here (a team, a skill, a persona) and the
demo, the benchmark import files and their tests follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


def _names(text: str) -> tuple[str, ...]:
    """A list written as comma-separated text, which keeps long lists of names compact."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


class NamePool(NamedTuple):
    first: tuple[str, ...]
    last: tuple[str, ...]
    languages: tuple[str, ...]  # the first languages of the people the pool names


class FamilySkills(NamedTuple):
    craft: tuple[str, ...]  # the skills of the family's work
    outside: tuple[str, ...]  # what people of the family look into from other crafts


@dataclass(frozen=True)
class Location:
    name: str
    time_zone: str
    language: str  # the local language a colleague may pick up; "" where it is English
    name_pools: tuple[tuple[str, float], ...]


LOCATIONS: dict[str, Location] = {
    loc.name: loc
    for loc in [
        Location(
            "Berlin, Germany",
            "Europe/Berlin",
            "de",
            (("german", 6), ("turkish", 1.5), ("polish", 1.5)),
        ),
        Location(
            "London, United Kingdom",
            "Europe/London",
            "",
            (("british", 6), ("indian", 2), ("nigerian", 1.5)),
        ),
        Location("Lisbon, Portugal", "Europe/Lisbon", "pt", (("portuguese", 8), ("french", 1))),
        Location(
            "New York, United States",
            "America/New_York",
            "",
            (("american", 7), ("hispanic", 2), ("indian", 1)),
        ),
        Location("Bengaluru, India", "Asia/Kolkata", "", (("indian", 10),)),
        Location("Singapore", "Asia/Singapore", "", (("chinese", 6), ("malay", 2), ("indian", 2))),
        Location("Remote, Spain", "Europe/Madrid", "es", (("hispanic", 10),)),
    ]
}
BERLIN, LONDON, LISBON, NEW_YORK, BENGALURU, SINGAPORE, SPAIN = LOCATIONS

NAME_POOLS: dict[str, NamePool] = {
    "german": NamePool(
        first=_names(
            "Anna, Lena, Marie, Sophie, Laura, Julia, Hannah, Katharina, Johanna, Clara, Greta, "
            "Paula, Maximilian, Felix, Lukas, Leon, Paul, Tobias, Jan, Niklas, Moritz, Florian, "
            "Sebastian, Matthias, Philipp, Henrik"
        ),
        last=_names(
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Schulz, Hoffmann, Koch, "
            "Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger, "
            "Hartmann, "
            "Lange, Werner, Krause, Lehmann, Köhler, Vogel, Frank, Berger, Kaiser"
        ),
        languages=("de",),
    ),
    "british": NamePool(
        first=_names(
            "Oliver, George, Harry, Jack, Charlie, Thomas, James, William, Oscar, Henry, Samuel, "
            "Daniel, Joshua, Amelia, Olivia, Isla, Emily, Poppy, Grace, Sophia, Lily, Freya, Evie, "
            "Charlotte, Ruby, Alice, Eleanor, Imogen"
        ),
        last=_names(
            "Smith, Jones, Taylor, Brown, Williams, Wilson, Davies, Robinson, Wright, Thompson, "
            "Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, Hughes, Edwards, "
            "Turner, Hill, Moore, Cooper, Ward, Morris, Harris"
        ),
        languages=("en",),
    ),
    "portuguese": NamePool(
        first=_names(
            "João, Tiago, Rodrigo, Miguel, Duarte, Francisco, Martim, Pedro, Gonçalo, Diogo, "
            "Rafael, Afonso, Beatriz, Inês, Mariana, Carolina, Leonor, Matilde, Ana, Catarina, "
            "Rita, Marta, Joana, Madalena, Teresa, Filipa, Bruno, Ricardo, Helena"
        ),
        last=_names(
            "Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Sousa, "
            "Fernandes, Gonçalves, Gomes, Lopes, Alves, Almeida, Ribeiro, Pinto, Carvalho, "
            "Teixeira, Moreira, Correia, Mendes, Nunes, Soares, Vieira, Monteiro, Cardoso, Rocha"
        ),
        languages=("pt",),
    ),
    "american": NamePool(
        first=_names(
            "Michael, Emma, Noah, Ava, Liam, Mia, Ethan, Madison, Mason, Abigail, Logan, Chloe, "
            "Jacob, Hailey, Caleb, Zoe, Tyler, Natalie, Ryan, Jordan, Dylan, Kayla, Brandon, "
            "Morgan, Austin, Savannah, Marcus, Jasmine, Malik, Imani, Jamal, Aaliyah"
        ),
        last=_names(
            "Johnson, Miller, Davis, Anderson, Thomas, Martin, Allen, Young, King, Scott, Baker, "
            "Adams, Nelson, Carter, Mitchell, Campbell, Parker, Collins, Stewart, Murphy, Cook, "
            "Rogers, Reed, Bailey, Bell, Washington, Brooks, Coleman"
        ),
        languages=("en",),
    ),
    "hispanic": NamePool(
        first=_names(
            "Sofía, Valentina, Camila, Lucía, Isabella, Martina, Daniela, Elena, Carmen, "
            "Alejandro, "
            "Diego, Javier, Carlos, Mateo, Pablo, Andrés, Sergio, Luis, Manuel, Álvaro, Raúl, "
            "Marina, Nuria, Irene, Adrián, Hugo, Jorge, Cristina, Rosa"
        ),
        last=_names(
            "García, Martínez, López, Sánchez, González, Rodríguez, Fernández, Pérez, Gómez, Díaz, "
            "Hernández, Ruiz, Jiménez, Moreno, Muñoz, Álvarez, Romero, Navarro, Torres, Domínguez, "
            "Vázquez, Ramos, Gil, Serrano, Molina, Ortiz, Castro, Delgado, Ortega, Rubio"
        ),
        languages=("es",),
    ),
    "indian": NamePool(
        first=_names(
            "Aarav, Vihaan, Aditya, Arjun, Sai, Karthik, Rahul, Vikram, Siddharth, Ananya, Diya, "
            "Priya, Kavya, Ishita, Meera, Nikhil, Pooja, Aditi, Shreya, Lakshmi, Deepa, Harish, "
            "Suresh, Anjali, Neha, Varun, Kiran, Divya, Arnav, Tanvi, Ravi"
        ),
        last=_names(
            "Sharma, Iyer, Reddy, Nair, Rao, Menon, Gupta, Patel, Singh, Kumar, Krishnan, Joshi, "
            "Desai, Kulkarni, Chatterjee, Banerjee, Pillai, Bhat, Hegde, Agarwal, Verma, "
            "Srinivasan, Subramanian, Shetty, Malhotra, Kapoor, Das, Venkatesh, Naidu"
        ),
        languages=("hi", "kn", "ta", "te", "mr", "bn"),
    ),
    "chinese": NamePool(
        first=_names(
            "Wei Ling, Jun Jie, Hui Min, Zhi Hao, Xin Yi, Jia Hui, Kai Wen, Li Ting, Yong Sheng, "
            "Mei Ling, Shu Fen, Wen Jie, Ethan, Chloe, Rachel, Marcus, Joanne, Darren, Cheryl, "
            "Bryan"
        ),
        last=_names(
            "Tan, Lim, Lee, Ng, Ong, Wong, Goh, Chua, Chan, Koh, Teo, Ang, Yeo, Tay, Ho, Low, Toh, "
            "Sim, Chong, Chia"
        ),
        languages=("zh",),
    ),
    "malay": NamePool(
        first=_names(
            "Aisyah, Hafiz, Amir, Farah, Nurul, Zulkifli, Irfan, Syafiq, Aliya, Haziq, Dania, "
            "Iman, "
            "Rizwan, Faris, Nabila, Hakim"
        ),
        last=_names(
            "Ismail, Rahman, Hassan, Ahmad, Abdullah, Yusof, Ibrahim, Osman, Salleh, Hamid, Aziz, "
            "Razak, Karim, Hashim"
        ),
        languages=("ms",),
    ),
    "turkish": NamePool(
        first=_names(
            "Elif, Zeynep, Ayşe, Emre, Mehmet, Can, Deniz, Burak, Selin, Ece, Kerem, Merve, Cem, "
            "Ozan, Derya"
        ),
        last=_names(
            "Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Aydın, Öztürk, Arslan, Doğan, Kılıç, "
            "Aslan, "
            "Çetin, Koç, Kurt"
        ),
        languages=("tr",),
    ),
    "polish": NamePool(
        first=_names(
            "Katarzyna, Agnieszka, Magdalena, Zofia, Aleksandra, Piotr, Tomasz, Paweł, Michał, "
            "Krzysztof, Jakub, Marta, Wojciech, Ewa, Łukasz"
        ),
        last=_names(
            "Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, "
            "Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Krawczyk"
        ),
        languages=("pl",),
    ),
    "nigerian": NamePool(
        first=_names(
            "Chinedu, Adaeze, Oluwaseun, Ngozi, Emeka, Folake, Tunde, Chiamaka, Ifeoma, Babajide, "
            "Kemi, Obinna, Yetunde, Chidi, Funmilayo"
        ),
        last=_names(
            "Adeyemi, Okonkwo, Balogun, Eze, Nwosu, Adebayo, Obi, Afolabi, Chukwu, Ogunleye, "
            "Bello, "
            "Okeke, Ibe, Ogundipe"
        ),
        languages=("yo", "ig"),
    ),
    "french": NamePool(
        first=_names(
            "Camille, Chloé, Manon, Léa, Inès, Louis, Hugo, Jules, Théo, Lucas, Mathilde, Antoine, "
            "Claire, Julien, Margaux"
        ),
        last=_names(
            "Bernard, Dubois, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Laurent, "
            "Lefebvre, Michel, Fournier, Girard, Bonnet, Lambert, Fontaine"
        ),
        languages=("fr",),
    ),
}
INTERNATIONAL_SHARE = 0.25  # people who moved: their name pool is any, not the local one

JOB_FAMILIES: dict[str, str] = {
    "Software Engineering": "Builds and runs the platform: backend, web, mobile, infrastructure.",
    "Data": "Data engineering, analytics and machine learning.",
    "Product Management": "Decides what we build and why, with customers and engineering.",
    "Design": "Product design and user research.",
    "Sales": "Account executives, sales development and solutions engineering.",
    "Customer Success": "Onboarding, support and account management after the sale.",
    "Marketing": "Product marketing, demand generation and content.",
    "People": "Learning and development, talent acquisition and people partnering.",
    "Finance": "Planning, analysis and accounting.",
    "General Management": "The executive team and their office.",
}
GENERAL_MANAGEMENT = "General Management"

# Area → skills (name, aliases, description). Areas are the top-level nodes of the skill tree.
SKILL_TAXONOMY: dict[str, tuple[str, tuple[tuple[str, tuple[str, ...], str], ...]]] = {
    "Engineering": (
        "Building and running software.",
        (
            ("Python", ("py",), "The language of our backend, pipelines and scripts."),
            ("Django", (), "The web framework behind the Kestrel app."),
            ("TypeScript", ("ts",), "Typed JavaScript for the web app."),
            ("React", ("React.js", "ReactJS"), "The UI library of the web app."),
            ("Go", ("Golang",), "Our language for high-throughput services and tooling."),
            ("Kubernetes", ("k8s",), "Where our services run."),
            ("Terraform", ("OpenTofu",), "Infrastructure as code for our cloud accounts."),
            ("Docker", ("containers",), "Building and running container images."),
            ("AWS", ("Amazon Web Services",), "Our cloud provider."),
            (
                "CI/CD",
                ("continuous delivery", "continuous integration"),
                "Pipelines that test and ship every change.",
            ),
            (
                "Observability",
                ("o11y", "monitoring"),
                "Metrics, logs and traces that tell us what production is doing.",
            ),
            (
                "System design",
                ("software architecture",),
                "Shaping services and data flows that hold up at scale.",
            ),
            (
                "Code review",
                (),
                "Reviewing changes so they are correct, clear and kind to the next reader.",
            ),
            (
                "Automated testing",
                ("test automation", "TDD"),
                "Tests that let us change code without fear.",
            ),
            ("Application security", ("AppSec",), "Threat modelling and secure coding."),
            ("Swift", ("iOS development",), "The iOS app."),
            ("Kotlin", ("Android development",), "The Android app."),
            (
                "Incident response",
                ("on-call",),
                "Running an incident calmly, from page to post-mortem.",
            ),
            ("PostgreSQL", ("Postgres",), "Our main transactional database."),
            ("GraphQL", (), "The API between the apps and the backend."),
        ),
    ),
    "Data": (
        "Turning data into decisions.",
        (
            ("SQL", (), "Querying and shaping data."),
            (
                "dbt",
                ("data build tool",),
                "Transformations in the warehouse, tested and documented.",
            ),
            ("Airflow", ("Apache Airflow",), "Scheduling and monitoring data pipelines."),
            (
                "Spark",
                ("Apache Spark", "PySpark"),
                "Processing data that does not fit on one machine.",
            ),
            ("Machine learning", ("ML",), "Models that predict and rank."),
            ("Statistics", (), "Reasoning under uncertainty."),
            ("Experiment design", ("A/B testing",), "Experiments whose results we can trust."),
            (
                "Data modelling",
                ("data modeling", "dimensional modelling"),
                "Designing tables people can query without a guide.",
            ),
            (
                "Data visualisation",
                ("data visualization", "dataviz"),
                "Charts that make the point.",
            ),
            ("Pandas", (), "Data frames in Python."),
            (
                "Large language models",
                ("LLM", "GenAI"),
                "Building with and evaluating language models.",
            ),
        ),
    ),
    "Product": (
        "Deciding what to build and why.",
        (
            (
                "Discovery interviews",
                ("customer interviews",),
                "Learning from customers without leading them.",
            ),
            ("Roadmapping", (), "Turning strategy into a sequence of bets."),
            ("Prioritisation", ("prioritization",), "Saying no to good ideas."),
            ("Product analytics", (), "Understanding how customers use the product."),
            (
                "Product specs",
                ("PRD", "product requirements"),
                "Writing down what we build and why.",
            ),
            ("Pricing", ("pricing and packaging",), "What we charge, and for what."),
            ("Stakeholder management", (), "Keeping the people affected informed and on side."),
            ("OKRs", ("objectives and key results",), "Setting and tracking goals that matter."),
        ),
    ),
    "Design": (
        "Making the product usable and lovable.",
        (
            ("Figma", (), "Our design tool."),
            ("Accessibility", ("a11y", "WCAG"), "Products everyone can use."),
            ("Design systems", (), "Shared components and the rules behind them."),
            ("Prototyping", (), "Making ideas tangible before building them."),
            ("Usability testing", (), "Watching people use the product."),
            ("Interaction design", (), "How the product behaves."),
            ("Information architecture", (), "Structuring content so people find it."),
            ("UX writing", ("content design",), "The words in the product."),
        ),
    ),
    "Sales": (
        "Winning and growing customers.",
        (
            ("Negotiation", (), "Getting to a deal both sides want."),
            ("Salesforce", ("SFDC",), "Our CRM."),
            ("Discovery calls", (), "Understanding a prospect's problem before pitching."),
            ("Prospecting", ("outbound",), "Finding and opening conversations with new accounts."),
            ("Product demos", (), "Showing the product so it answers the customer's question."),
            ("Account planning", (), "A plan for growing a strategic account."),
            ("Sales forecasting", ("pipeline forecasting",), "Calling the quarter accurately."),
            ("Objection handling", (), "Answering the hard questions honestly."),
            ("MEDDICC", ("MEDDIC",), "Our deal qualification framework."),
        ),
    ),
    "Customer Success": (
        "Helping customers get value after the sale.",
        (
            (
                "Customer onboarding",
                ("implementation",),
                "Getting a new customer live and successful.",
            ),
            ("Renewals", ("expansion",), "Keeping and growing customers at renewal."),
            ("Zendesk", (), "Our support desk."),
            ("Escalation handling", (), "Calming and resolving an unhappy customer's problem."),
            ("Customer health scoring", (), "Spotting accounts at risk early."),
        ),
    ),
    "Marketing": (
        "Telling the world why Kestrel.",
        (
            ("Positioning", ("messaging",), "Where we fit and why we win."),
            ("Copywriting", (), "Words that make people act."),
            ("Content marketing", (), "Articles, guides and talks people seek out."),
            ("SEO", ("search engine optimisation",), "Being found."),
            ("HubSpot", (), "Our marketing automation."),
            ("Marketing analytics", ("campaign analytics",), "Which campaigns work."),
        ),
    ),
    "Leadership": (
        "Growing people and teams.",
        (
            ("Giving feedback", (), "Feedback that is specific, kind and useful."),
            ("Coaching", (), "Helping someone find their own answer."),
            ("Hiring", ("interviewing",), "Finding and choosing the right people."),
            ("One-on-ones", ("1-on-1s", "one-to-ones"), "One-on-ones that are worth the time."),
            ("Delegation", (), "Handing over work so people grow."),
            ("Conflict resolution", (), "Turning disagreement into progress."),
            ("Facilitation", (), "Running meetings and workshops that reach an outcome."),
        ),
    ),
    "Communication": (
        "Being understood.",
        (
            ("Public speaking", ("presenting",), "Talks and presentations."),
            (
                "Technical writing",
                ("documentation",),
                "Docs, guides and design documents people can follow.",
            ),
            ("Storytelling", (), "Making a point memorable."),
            ("Workshop design", (), "Sessions where people learn by doing."),
            ("Cross-cultural communication", (), "Working well across countries and cultures."),
        ),
    ),
    "Finance": (
        "Money in, money out, and the plan.",
        (
            (
                "Financial modelling",
                ("financial modeling",),
                "Models of the business we can decide with.",
            ),
            ("Budgeting", ("budgeting and forecasting",), "Planning spend against targets."),
            ("SaaS metrics", ("ARR", "unit economics"), "ARR, churn, CAC and payback."),
            ("Month-end close", ("accounting close",), "Closing the books on time and right."),
            ("Procurement", ("vendor management",), "Buying well."),
        ),
    ),
    "People": (
        "Hiring, growing and looking after people.",
        (
            ("Instructional design", (), "Learning experiences that change behaviour."),
            ("Employment law", ("labour law",), "Doing right by people within the law."),
            ("Compensation", ("compensation and benefits",), "Fair, clear pay."),
            ("Sourcing", ("talent sourcing",), "Finding candidates who are not looking."),
            ("Employee relations", (), "Handling sensitive situations fairly."),
        ),
    ),
    "Tools": (
        "The tools everyone uses.",
        (
            ("Excel", ("spreadsheets", "Google Sheets"), "Spreadsheets, formulas and pivots."),
            ("Looker", ("LookML",), "Our BI tool and its models."),
            ("Jira", (), "Where work is tracked."),
            ("Notion", (), "Our wiki."),
            ("Git", ("GitHub",), "Version control."),
        ),
    ),
}

LEADERSHIP_SKILLS = (
    "Giving feedback",
    "Coaching",
    "Hiring",
    "One-on-ones",
    "Delegation",
    "Conflict resolution",
    "Facilitation",
)
SENIOR_GROWTH_SKILLS = (
    "Coaching",
    "Giving feedback",
    "Facilitation",
    "Public speaking",
    "Technical writing",
)
MANAGER_GROWTH_SKILLS = ("Coaching", "Conflict resolution", "Delegation", "Giving feedback")

FAMILY_SKILLS: dict[str, FamilySkills] = {
    "Software Engineering": FamilySkills(
        craft=_names(
            "Git, Code review, Automated testing, System design, CI/CD, Technical writing, Jira, "
            "Docker, PostgreSQL, Python"
        ),
        outside=_names(
            "Machine learning, SQL, Accessibility, Discovery interviews, Public speaking, "
            "Kubernetes, Large language models, Go, Application security, Swift"
        ),
    ),
    "Data": FamilySkills(
        craft=_names(
            "SQL, Python, Statistics, Data visualisation, Pandas, Git, Looker, Technical writing"
        ),
        outside=_names(
            "Kubernetes, Docker, Experiment design, Large language models, Public speaking, "
            "Storytelling, Terraform"
        ),
    ),
    "Product Management": FamilySkills(
        craft=_names(
            "Discovery interviews, Roadmapping, Prioritisation, Product specs, Stakeholder "
            "management, OKRs, Product analytics, Jira, Storytelling"
        ),
        outside=_names(
            "SQL, Looker, Figma, Experiment design, Public speaking, Data visualisation, Large "
            "language models, Pricing, Notion"
        ),
    ),
    "Design": FamilySkills(
        craft=_names(
            "Figma, Prototyping, Usability testing, Accessibility, Design systems, Interaction "
            "design, Facilitation, Storytelling"
        ),
        outside=_names(
            "TypeScript, React, Discovery interviews, Public speaking, UX writing, Workshop design"
        ),
    ),
    "Sales": FamilySkills(
        craft=_names(
            "Salesforce, Negotiation, Discovery calls, Objection handling, Product demos, Account "
            "planning, Sales forecasting, MEDDICC, Excel"
        ),
        outside=_names(
            "SQL, Looker, Public speaking, Storytelling, Positioning, Large language models, "
            "Cross-cultural communication"
        ),
    ),
    "Customer Success": FamilySkills(
        craft=_names(
            "Customer onboarding, Renewals, Zendesk, Escalation handling, Salesforce, Customer "
            "health scoring, Stakeholder management, Excel"
        ),
        outside=_names(
            "SQL, Looker, Negotiation, Public speaking, Python, Technical writing, Cross-cultural "
            "communication"
        ),
    ),
    "Marketing": FamilySkills(
        craft=_names(
            "Positioning, Copywriting, Content marketing, SEO, HubSpot, Marketing analytics, "
            "Storytelling, Public speaking"
        ),
        outside=_names(
            "SQL, Looker, Figma, Experiment design, Product analytics, Large language models"
        ),
    ),
    "People": FamilySkills(
        craft=_names(
            "Hiring, Sourcing, Employee relations, Employment law, Compensation, Instructional "
            "design, Facilitation, Coaching, Excel"
        ),
        outside=_names(
            "Looker, Data visualisation, Public speaking, Storytelling, Large language models, "
            "Workshop design"
        ),
    ),
    "Finance": FamilySkills(
        craft=_names(
            "Financial modelling, Budgeting, SaaS metrics, Month-end close, Excel, Looker, "
            "Stakeholder management, Procurement"
        ),
        outside=_names("SQL, Python, Data visualisation, Public speaking, Large language models"),
    ),
    "General Management": FamilySkills(
        craft=_names(
            "Stakeholder management, OKRs, Public speaking, Negotiation, Storytelling, Financial "
            "modelling, SaaS metrics, Notion"
        ),
        outside=_names("Large language models, Product analytics, Cross-cultural communication"),
    ),
}


@dataclass(frozen=True)
class TeamSpec:
    """A team people work in. `weight` is its share of the individual contributors."""

    name: str
    description: str
    family: str
    role: str  # what its individual contributors are called: "Data Engineer"
    lead_title: str
    weight: float
    skills: tuple[str, ...]  # the team's craft, on top of the family's
    locations: tuple[tuple[str, float], ...]
    mix: tuple[tuple[str, str, float], ...] = ()  # (family, role, share) of other families


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    description: str
    head_title: str
    head_family: str
    head_location: str
    reports_to: str  # "ceo", "coo" or the name of another department
    teams: tuple[TeamSpec, ...]


EXECUTIVE_OFFICE = "Executive Office"
DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        name="Engineering",
        description="Builds and runs the Kestrel platform.",
        head_title="Chief Technology Officer",
        head_family="Software Engineering",
        head_location=BERLIN,
        reports_to="ceo",
        teams=(
            TeamSpec(
                name="Platform",
                description="Kubernetes, cloud infrastructure and the internal developer platform.",
                family="Software Engineering",
                role="Platform Engineer",
                lead_title="Engineering Manager",
                weight=0.055,
                skills=_names("Kubernetes, Terraform, AWS, Docker, Go, Observability, CI/CD"),
                locations=((BERLIN, 5), (LISBON, 3), (LONDON, 2)),
            ),
            TeamSpec(
                name="Data Engineering",
                description="Pipelines, the warehouse and the models everyone queries.",
                family="Data",
                role="Data Engineer",
                lead_title="Engineering Manager",
                weight=0.05,
                skills=_names("Python, SQL, dbt, Airflow, Spark, Data modelling, PostgreSQL"),
                locations=((LISBON, 3.5), (BERLIN, 3.5), (BENGALURU, 3)),
            ),
            TeamSpec(
                name="Mobile",
                description="The iOS and Android apps.",
                family="Software Engineering",
                role="Mobile Engineer",
                lead_title="Engineering Manager",
                weight=0.04,
                skills=_names("Swift, Kotlin, GraphQL, Automated testing, Accessibility"),
                locations=((BERLIN, 5), (LONDON, 5)),
            ),
            TeamSpec(
                name="Web",
                description="The Kestrel web app: dashboards, reports and the editor.",
                family="Software Engineering",
                role="Software Engineer",
                lead_title="Engineering Manager",
                weight=0.07,
                skills=_names(
                    "TypeScript, React, Python, Django, GraphQL, PostgreSQL, Accessibility"
                ),
                locations=((BERLIN, 4), (LISBON, 3), (BENGALURU, 3)),
            ),
            TeamSpec(
                name="Machine Learning",
                description="Forecasting, anomaly detection and the assistant.",
                family="Data",
                role="Machine Learning Engineer",
                lead_title="Engineering Manager",
                weight=0.04,
                skills=_names(
                    "Python, Machine learning, Statistics, Large language models, Pandas, Spark"
                ),
                locations=((LONDON, 4), (BERLIN, 3), (BENGALURU, 3)),
            ),
            TeamSpec(
                name="Site Reliability",
                description="Uptime, on-call and the path to production.",
                family="Software Engineering",
                role="Site Reliability Engineer",
                lead_title="Engineering Manager",
                weight=0.035,
                skills=_names(
                    "Observability, Incident response, Kubernetes, Terraform, AWS, PostgreSQL, Go"
                ),
                locations=((BENGALURU, 4), (LISBON, 3), (NEW_YORK, 3)),
            ),
            TeamSpec(
                name="Security",
                description="Application and cloud security.",
                family="Software Engineering",
                role="Security Engineer",
                lead_title="Security Lead",
                weight=0.02,
                skills=_names("Application security, AWS, Python, Incident response, Terraform"),
                locations=((BERLIN, 5), (LONDON, 5)),
            ),
        ),
    ),
    DepartmentSpec(
        name="Product",
        description="Decides what we build and why.",
        head_title="Chief Product Officer",
        head_family="Product Management",
        head_location=LONDON,
        reports_to="ceo",
        teams=(
            TeamSpec(
                name="Core Product",
                description="Dashboards, reports and the editor.",
                family="Product Management",
                role="Product Manager",
                lead_title="Group Product Manager",
                weight=0.035,
                skills=_names(
                    "Discovery interviews, Roadmapping, Prioritisation, Product specs, Stakeholder "
                    "management, OKRs"
                ),
                locations=((LONDON, 5), (BERLIN, 3), (NEW_YORK, 2)),
            ),
            TeamSpec(
                name="Growth",
                description="Trials, activation and pricing experiments.",
                family="Product Management",
                role="Product Manager",
                lead_title="Group Product Manager",
                weight=0.022,
                skills=_names(
                    "Experiment design, Product analytics, Pricing, Discovery interviews, "
                    "Prioritisation"
                ),
                locations=((LONDON, 6), (LISBON, 4)),
                mix=(("Data", "Growth Analyst", 0.35),),
            ),
            TeamSpec(
                name="Product Analytics",
                description="Self-serve metrics and the answers behind them.",
                family="Data",
                role="Data Analyst",
                lead_title="Analytics Manager",
                weight=0.03,
                skills=_names(
                    "SQL, Looker, Statistics, Experiment design, Product analytics, Data "
                    "visualisation, Python"
                ),
                locations=((LONDON, 4), (LISBON, 3), (BENGALURU, 3)),
            ),
        ),
    ),
    DepartmentSpec(
        name="Design",
        description="Product design and user research.",
        head_title="Head of Design",
        head_family="Design",
        head_location=BERLIN,
        reports_to="Product",
        teams=(
            TeamSpec(
                name="Product Design",
                description="Designs the product and keeps the design system.",
                family="Design",
                role="Product Designer",
                lead_title="Design Manager",
                weight=0.04,
                skills=_names(
                    "Figma, Design systems, Prototyping, Interaction design, Accessibility, UX "
                    "writing"
                ),
                locations=((BERLIN, 4), (LISBON, 3), (LONDON, 3)),
            ),
            TeamSpec(
                name="User Research",
                description="Talks to customers so we build the right thing.",
                family="Design",
                role="UX Researcher",
                lead_title="Research Manager",
                weight=0.015,
                skills=_names(
                    "Discovery interviews, Usability testing, Information architecture, "
                    "Facilitation, Statistics"
                ),
                locations=((LONDON, 6), (NEW_YORK, 4)),
            ),
        ),
    ),
    DepartmentSpec(
        name="Sales",
        description="Wins new customers.",
        head_title="Chief Revenue Officer",
        head_family="Sales",
        head_location=NEW_YORK,
        reports_to="ceo",
        teams=(
            TeamSpec(
                name="EMEA",
                description="Account executives for Europe, the Middle East and Africa.",
                family="Sales",
                role="Account Executive",
                lead_title="Sales Manager",
                weight=0.05,
                skills=_names(
                    "Negotiation, Salesforce, Discovery calls, Product demos, MEDDICC, Objection "
                    "handling, Account planning"
                ),
                locations=((LONDON, 6), (BERLIN, 3), (LISBON, 1)),
            ),
            TeamSpec(
                name="North America",
                description="Account executives for the US and Canada.",
                family="Sales",
                role="Account Executive",
                lead_title="Sales Manager",
                weight=0.05,
                skills=_names(
                    "Negotiation, Salesforce, Discovery calls, Product demos, MEDDICC, Objection "
                    "handling, Sales forecasting"
                ),
                locations=((NEW_YORK, 10),),
            ),
            TeamSpec(
                name="APAC",
                description="Account executives for Asia-Pacific.",
                family="Sales",
                role="Account Executive",
                lead_title="Sales Manager",
                weight=0.025,
                skills=_names(
                    "Negotiation, Salesforce, Discovery calls, Product demos, Account planning, "
                    "Cross-cultural communication"
                ),
                locations=((SINGAPORE, 7), (BENGALURU, 3)),
            ),
            TeamSpec(
                name="Sales Development",
                description="Opens conversations with new accounts.",
                family="Sales",
                role="Sales Development Representative",
                lead_title="Sales Development Manager",
                weight=0.04,
                skills=_names(
                    "Prospecting, Salesforce, Discovery calls, Objection handling, HubSpot"
                ),
                locations=((LONDON, 4), (NEW_YORK, 4), (LISBON, 2)),
            ),
            TeamSpec(
                name="Solutions Engineering",
                description="Technical pre-sales: demos, proofs of concept, security reviews.",
                family="Sales",
                role="Solutions Engineer",
                lead_title="Solutions Engineering Manager",
                weight=0.03,
                skills=_names(
                    "Product demos, SQL, Python, Discovery calls, Technical writing, Looker"
                ),
                locations=((LONDON, 4), (NEW_YORK, 4), (SINGAPORE, 2)),
            ),
        ),
    ),
    DepartmentSpec(
        name="Customer Success",
        description="Helps customers get value after the sale.",
        head_title="VP Customer Success",
        head_family="Customer Success",
        head_location=LISBON,
        reports_to="coo",
        teams=(
            TeamSpec(
                name="Onboarding",
                description="Gets new customers live.",
                family="Customer Success",
                role="Implementation Consultant",
                lead_title="Onboarding Manager",
                weight=0.035,
                skills=_names("Customer onboarding, SQL, Looker, Facilitation, Technical writing"),
                locations=((LISBON, 4), (NEW_YORK, 3), (SINGAPORE, 3)),
            ),
            TeamSpec(
                name="Support",
                description="Answers customers around the clock.",
                family="Customer Success",
                role="Support Engineer",
                lead_title="Support Manager",
                weight=0.06,
                skills=_names(
                    "Zendesk, Escalation handling, SQL, Technical writing, Incident response"
                ),
                locations=((LISBON, 4), (BENGALURU, 4), (NEW_YORK, 2)),
            ),
            TeamSpec(
                name="Account Management",
                description="Renews and grows existing customers.",
                family="Customer Success",
                role="Customer Success Manager",
                lead_title="Account Management Lead",
                weight=0.045,
                skills=_names(
                    "Renewals, Customer health scoring, Account planning, Negotiation, Salesforce, "
                    "Stakeholder management"
                ),
                locations=((LONDON, 4), (NEW_YORK, 4), (SINGAPORE, 2)),
            ),
        ),
    ),
    DepartmentSpec(
        name="Marketing",
        description="Tells the world why Kestrel.",
        head_title="Chief Marketing Officer",
        head_family="Marketing",
        head_location=LONDON,
        reports_to="ceo",
        teams=(
            TeamSpec(
                name="Product Marketing",
                description="Positioning, launches and sales enablement.",
                family="Marketing",
                role="Product Marketing Manager",
                lead_title="Head of Product Marketing",
                weight=0.02,
                skills=_names(
                    "Positioning, Storytelling, Copywriting, Discovery interviews, Public speaking"
                ),
                locations=((LONDON, 6), (NEW_YORK, 4)),
            ),
            TeamSpec(
                name="Demand Generation",
                description="Campaigns that fill the pipeline.",
                family="Marketing",
                role="Demand Generation Manager",
                lead_title="Head of Demand Generation",
                weight=0.025,
                skills=_names("HubSpot, Marketing analytics, SEO, Copywriting, Content marketing"),
                locations=((LONDON, 4), (LISBON, 3), (NEW_YORK, 3)),
            ),
            TeamSpec(
                name="Content",
                description="The blog, guides, webinars and the brand.",
                family="Marketing",
                role="Content Marketer",
                lead_title="Content Lead",
                weight=0.015,
                skills=_names("Content marketing, Copywriting, SEO, Storytelling, Figma"),
                locations=((SPAIN, 4), (LISBON, 3), (LONDON, 3)),
            ),
        ),
    ),
    DepartmentSpec(
        name="People",
        description="Hires, grows and looks after Kestrel's people.",
        head_title="VP People",
        head_family="People",
        head_location=BERLIN,
        reports_to="coo",
        teams=(
            TeamSpec(
                name="Learning & Development",
                description="Runs the peer-learning programmes.",
                family="People",
                role="Learning & Development Partner",
                lead_title="Head of Learning & Development",
                weight=0.012,
                skills=_names(
                    "Instructional design, Facilitation, Coaching, Workshop design, Public speaking"
                ),
                locations=((BERLIN, 5), (LONDON, 5)),
            ),
            TeamSpec(
                name="Talent Acquisition",
                description="Finds and hires the people we need.",
                family="People",
                role="Recruiter",
                lead_title="Talent Acquisition Lead",
                weight=0.025,
                skills=_names("Sourcing, Hiring, Stakeholder management, Employment law"),
                locations=((BERLIN, 3), (LONDON, 3), (BENGALURU, 2), (NEW_YORK, 2)),
            ),
            TeamSpec(
                name="People Partners",
                description="Partners with managers on their teams.",
                family="People",
                role="People Partner",
                lead_title="People Partner Lead",
                weight=0.015,
                skills=_names(
                    "Employee relations, Employment law, Compensation, Coaching, Conflict "
                    "resolution"
                ),
                locations=((BERLIN, 4), (LONDON, 3), (NEW_YORK, 3)),
            ),
        ),
    ),
    DepartmentSpec(
        name="Finance",
        description="Plans, analyses and accounts.",
        head_title="Chief Financial Officer",
        head_family="Finance",
        head_location=LONDON,
        reports_to="ceo",
        teams=(
            TeamSpec(
                name="FP&A",
                description="Planning, forecasting and analysis.",
                family="Finance",
                role="Financial Analyst",
                lead_title="FP&A Manager",
                weight=0.015,
                skills=_names("Financial modelling, Budgeting, SaaS metrics, Excel, Looker"),
                locations=((LONDON, 6), (NEW_YORK, 4)),
            ),
            TeamSpec(
                name="Accounting",
                description="Books, payroll and tax.",
                family="Finance",
                role="Accountant",
                lead_title="Financial Controller",
                weight=0.015,
                skills=_names("Month-end close, Excel, Budgeting, Procurement"),
                locations=((LISBON, 5), (LONDON, 5)),
            ),
        ),
    ),
)
SQUAD_NAMES = (
    "Atlas",
    "Beacon",
    "Comet",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kite",
    "Lumen",
    "Meridian",
    "Nova",
    "Orbit",
    "Pioneer",
    "Quartz",
    "Redwood",
    "Summit",
    "Tidal",
)
IC_TITLES = {
    1: "Associate {}",
    2: "{}",
    3: "{} II",
    4: "Senior {}",
    5: "Lead {}",
    6: "Principal {}",
}
IC_LEVEL_WEIGHTS = {1: 10, 2: 24, 3: 32, 4: 22, 5: 8, 6: 4}
PRINCIPAL_FAMILIES = ("Software Engineering", "Data", "Product Management", "Design")


@dataclass(frozen=True)
class Persona:
    """A fixed person the demo logins point at; everything about them is chosen, not drawn."""

    key: str
    login_label: str
    full_name: str
    job_title: str
    family: str
    level: str
    team: str  # path
    location: str
    languages: tuple[str, ...]
    hire_days_ago: int
    capacity: int
    bio: str
    skills: tuple[tuple[str, int, bool, bool, int], ...]  # name, level, teach, learn, confidence
    is_programme_admin: bool = False
    leads_team: bool = False


PERSONAS: tuple[Persona, ...] = (
    Persona(
        key="admin",
        login_label="Programme admin (L&D)",
        full_name="Amara Okafor",
        job_title="Learning Programme Manager",
        family="People",
        level="L4",
        team="People/Learning & Development",
        location=LONDON,
        languages=("en", "yo"),
        hire_days_ago=1460,
        capacity=4,
        bio=(
            "I run Kestrel's peer-learning programmes: mentoring rounds, lunch-and-learns and the"
            " onboarding buddies. Tell me where you feel stuck and I'll find you someone who has "
            "been there."
        ),
        skills=(
            ("Instructional design", 4, True, False, 5),
            ("Facilitation", 4, True, False, 5),
            ("Workshop design", 3, True, False, 4),
            ("Coaching", 3, True, False, 4),
            ("Public speaking", 3, False, False, 4),
            ("Looker", 1, False, True, 2),
            ("Data visualisation", 1, False, True, 2),
            ("Excel", 2, False, False, 3),
        ),
        is_programme_admin=True,
    ),
    Persona(
        key="manager",
        login_label="Manager",
        full_name="Jonas Becker",
        job_title="Engineering Manager",
        family="Data",
        level="L5",
        team="Engineering/Data Engineering",
        location=BERLIN,
        languages=("de", "en"),
        hire_days_ago=2190,
        capacity=3,
        bio=(
            "Engineering manager for Data Engineering. Ex-data engineer; I still review dbt "
            "models when nobody is looking. Learning to coach rather than fix."
        ),
        skills=(
            ("SQL", 4, True, False, 5),
            ("dbt", 3, True, False, 4),
            ("Airflow", 3, False, False, 4),
            ("Data modelling", 4, True, False, 5),
            ("Hiring", 3, True, False, 4),
            ("One-on-ones", 3, False, False, 4),
            ("Giving feedback", 2, False, True, 3),
            ("Coaching", 2, False, True, 2),
            ("Delegation", 2, False, True, 3),
        ),
        leads_team=True,
    ),
    Persona(
        key="rich",
        login_label="Employee with a rich profile",
        full_name="Sofia Marques",
        job_title="Senior Data Engineer",
        family="Data",
        level="L4",
        team="Engineering/Data Engineering",
        location=LISBON,
        languages=("pt", "en", "es"),
        hire_days_ago=1095,
        capacity=4,
        bio=(
            "Data engineer in Lisbon. I look after our dbt project and the Airflow deployment, "
            "and I love pairing on gnarly SQL. Trying to get braver at public speaking."
        ),
        skills=(
            ("Python", 4, True, False, 5),
            ("SQL", 4, True, False, 5),
            ("dbt", 4, True, False, 5),
            ("Airflow", 3, True, False, 4),
            ("Data modelling", 3, True, False, 4),
            ("PostgreSQL", 3, False, False, 4),
            ("Spark", 2, False, True, 3),
            ("Technical writing", 3, True, False, 4),
            ("Git", 3, False, False, 4),
            ("Kubernetes", 1, False, True, 2),
            ("Public speaking", 1, False, True, 2),
            ("Coaching", 2, False, True, 3),
        ),
    ),
    Persona(
        key="new_starter",
        login_label="New starter",
        full_name="Rohan Mehta",
        job_title="Data Engineer",
        family="Data",
        level="L2",
        team="Engineering/Data Engineering",
        location=BENGALURU,
        languages=("en", "hi", "kn"),
        hire_days_ago=6,
        capacity=1,
        bio=("Just joined the Data Engineering team from a fintech in Bengaluru. Say hi!"),
        skills=(
            ("Python", 2, False, False, 3),
            ("SQL", 2, False, False, 3),
            ("Git", 2, False, False, 3),
            ("dbt", 0, False, True, 1),
            ("Airflow", 1, False, True, 2),
            ("Data modelling", 1, False, True, 2),
        ),
    ),
)
PERSONA_BY_KEY = {persona.key: persona for persona in PERSONAS}
