"""Invented text for the test corpus: people, employers, bullets, sections and stack points.

Everything is drawn from a ``random.Random`` so a seed always gives the same words. None of it is
taken from the public sample resumes.
"""

# ruff: noqa: E501  (XML and sentence literals read better unbroken)

from __future__ import annotations

import random
from dataclasses import dataclass, field

FIRST = [
    "Anika",
    "Bram",
    "Carmen",
    "Dario",
    "Elif",
    "Farid",
    "Greta",
    "Hiro",
    "Isha",
    "Jonas",
    "Kavya",
    "Lucas",
    "Marisol",
    "Nikhil",
    "Olga",
    "Pavel",
    "Quinn",
    "Rhea",
    "Soren",
    "Tanvi",
    "Umar",
    "Vera",
    "Wendell",
    "Ximena",
    "Yusuf",
    "Zora",
    "Arjun",
    "Beatriz",
    "Cyrus",
    "Delphine",
    "Emeka",
    "Freya",
]
LAST = [
    "Abernathy",
    "Bhatt",
    "Castellano",
    "Dimitrov",
    "Eriksen",
    "Fonseca",
    "Gallagher",
    "Haddad",
    "Iwasaki",
    "Jovanovic",
    "Kowalczyk",
    "Lindqvist",
    "Mbeki",
    "Novak",
    "Okonkwo",
    "Petrakis",
    "Quintero",
    "Raghavan",
    "Szabo",
    "Thorne",
    "Umarov",
    "Valdivia",
    "Whitlock",
    "Yamada",
    "Zielinski",
]
CO_A = [
    "Amberline",
    "Bristlecone",
    "Cobaltview",
    "Driftwood",
    "Emberly",
    "Fernhill",
    "Glasswing",
    "Hollowbrook",
    "Ironbark",
    "Juniper Ridge",
    "Kestrelwood",
    "Larkspur",
    "Meridian Bay",
    "Northfork",
    "Oakhaven",
    "Pebblestone",
    "Quarry Point",
    "Riverbend",
    "Saltmarsh",
    "Tidewell",
    "Umberfield",
    "Vantage Hill",
    "Willowmere",
    "Yarrow",
]
CO_B = [
    "Health Partners",
    "Mutual Insurance",
    "Logistics",
    "Credit Union",
    "Energy Co.",
    "Retail Group",
    "Telecom",
    "Pharmaceuticals",
    "Capital Markets",
    "Freight Lines",
    "Media Labs",
    "Foods Inc.",
    "Financial",
    "Hospital System",
    "Airlines",
    "Utilities",
]
CITIES = [
    "Dallas, TX",
    "Plano, TX",
    "Irving, TX",
    "Columbus, OH",
    "Raleigh, NC",
    "Charlotte, NC",
    "Denver, CO",
    "Phoenix, AZ",
    "Atlanta, GA",
    "Seattle, WA",
    "Boston, MA",
    "Chicago, IL",
    "Minneapolis, MN",
    "Nashville, TN",
    "Richmond, VA",
    "Pittsburgh, PA",
    "Omaha, NE",
    "Jersey City, NJ",
    "Tampa, FL",
    "Salt Lake City, UT",
    "Hartford, CT",
    "Remote",
]
ROLES = [
    "Senior Java Developer",
    "Data Engineer",
    "Full Stack Developer",
    "DevOps Engineer",
    "Cloud Engineer",
    "Python Developer",
    "QA Automation Engineer",
    "Site Reliability Engineer",
    "Software Engineer",
    ".NET Developer",
    "Salesforce Developer",
    "Data Analyst",
    "Machine Learning Engineer",
    "Front-End Developer",
    "Integration Engineer",
    "Platform Engineer",
    "Backend Engineer",
    "Lead Software Engineer",
    "ETL Developer",
    "Mobile Developer",
]
PROJECTS = [
    "Claims Modernization",
    "Loan Origination Portal",
    "Fleet Telematics Platform",
    "Pharmacy Benefits Engine",
    "Customer 360",
    "Payments Gateway Rewrite",
    "Member Self-Service App",
    "Supply Chain Visibility",
    "Fraud Signals Pipeline",
    "Policy Administration Suite",
    "Digital Onboarding",
    "Inventory Forecasting",
    "Billing Consolidation",
    "Provider Directory",
    "Trade Surveillance",
    "Care Management Portal",
    "Energy Usage Analytics",
    "Dealer Finance Platform",
    "Returns Automation",
    "Clinical Data Hub",
]
TECHS = [
    "Java 17",
    "Spring Boot",
    "Kafka",
    "PostgreSQL",
    "React",
    "TypeScript",
    "Angular",
    "Python",
    "FastAPI",
    "AWS Lambda",
    "Amazon S3",
    "DynamoDB",
    "Terraform",
    "Kubernetes",
    "Docker",
    "Jenkins",
    "GitHub Actions",
    "Snowflake",
    "dbt",
    "Airflow",
    "Spark",
    "Databricks",
    "Azure Functions",
    "Cosmos DB",
    "Redis",
    "Elasticsearch",
    "GraphQL",
    "Node.js",
    "Go",
    "C#",
    ".NET 6",
    "Oracle",
    "MongoDB",
    "Splunk",
    "Datadog",
]

_B_VERBS = [
    "Designed",
    "Implemented",
    "Developed",
    "Automated",
    "Migrated",
    "Refactored",
    "Tuned",
    "Configured",
    "Wrote",
    "Maintained",
    "Integrated",
    "Deployed",
    "Built",
    "Extended",
    "Documented",
    "Reviewed",
]
_B_OBJECTS = [
    "REST endpoints for the member eligibility service",
    "a reconciliation job that matches ledger entries against bank statements",
    "the event consumers that feed the shipment tracking dashboard",
    "batch loaders for the nightly policy snapshot",
    "role-based access checks in the provider admin console",
    "a caching layer in front of the pricing service",
    "blue-green deployments for the customer-facing APIs",
    "contract tests between the ordering and invoicing services",
    "data quality rules for the claims warehouse",
    "alerting dashboards for the payment authorization flow",
    "the search indexer for the product catalogue",
    "infrastructure modules for the shared VPC and subnets",
    "a document generation service for renewal letters",
    "the retry and dead-letter handling of the settlement queue",
    "automated regression suites for the agent portal",
    "a feature-flag rollout process for mobile releases",
    "the schema migration scripts for the rating engine",
    "SSO integration with the corporate identity provider",
    "reports that track call-centre handle time by queue",
    "a throttling policy for partner-facing endpoints",
]
_B_OUTCOMES = [
    "",
    "",
    "",
    ", reducing deployment time by {p}%",
    ", cutting the nightly batch from {h} hours to {m} minutes",
    ", which removed about {n} manual steps per release",
    ", lowering p95 latency by {p}%",
    ", raising test coverage to {c}%",
    ", saving roughly {n} analyst hours a month",
    " ahead of the quarterly audit",
]
LEADS = [
    "Led migration:",
    "Performance:",
    "Ownership:",
    "Automation:",
    "Reliability:",
    "Mentoring:",
    "Cost savings:",
    "Security:",
    "Data quality:",
]
_DESCRIPTIONS = [
    "The project replaced a mainframe claims flow with cloud services used by {n} adjusters.",
    "A self-service portal that lets members compare plans, enroll and track requests.",
    "Greenfield platform that collects vehicle telemetry and scores driver behaviour in near real time.",
    "Modernization of the billing stack, moving statement generation from batch to event-driven services.",
    "An internal data platform that consolidates sales, inventory and returns for {n} stores.",
    "The team rebuilt the partner onboarding flow and its document checks.",
]
SUMMARY = [
    "{y}+ years of experience building and supporting enterprise applications in regulated industries.",
    "Comfortable across the full delivery cycle: requirements, design, build, testing and production support.",
    "Hands-on with {t1}, {t2} and {t3} in production environments.",
    "Worked closely with product owners, business analysts and offshore teams in Agile/Scrum.",
    "Strong communicator who writes clear design notes and runbooks.",
    "Experience with cloud migrations on AWS and Azure, including cost and security reviews.",
    "Skilled in test automation and continuous delivery pipelines.",
    "Mentored junior engineers and ran code reviews for a team of {n}.",
]
ACHIEVEMENTS = [
    "Led the migration of {n} services to containers, retiring two data centres.",
    "Cut monthly cloud spend by {p}% through rightsizing and reserved capacity.",
    "Delivered a regulatory reporting release {n} weeks ahead of the deadline.",
    "Built the on-call process that brought incident recovery under {m} minutes.",
]
SKILL_ROWS = [
    ("Languages", ["Java", "Python", "TypeScript", "SQL", "Go", "C#", "Scala", "Bash"]),
    ("Frameworks", ["Spring Boot", "FastAPI", "React", "Angular", "Django", ".NET 6", "Express"]),
    ("Cloud", ["AWS", "Azure", "GCP", "OpenShift"]),
    ("Databases", ["PostgreSQL", "Oracle", "MongoDB", "Snowflake", "DynamoDB", "Redis", "SQL Server"]),
    ("DevOps & Tools", ["Terraform", "Jenkins", "GitHub Actions", "Docker", "Kubernetes", "Helm", "Git"]),
    ("Testing", ["JUnit", "pytest", "Selenium", "Cypress", "Postman", "JMeter"]),
    ("Methodologies", ["Agile/Scrum", "Kanban", "TDD", "SAFe"]),
]
DEGREES = [
    "Bachelor of Science in Computer Science",
    "Master of Science in Information Systems",
    "Bachelor of Engineering in Electronics and Communication",
    "Master of Computer Applications",
    "Bachelor of Technology in Information Technology",
]
SCHOOLS = [
    "University of North Texas",
    "Ohio State University",
    "Arizona State University",
    "Anna University",
    "University of Minnesota",
    "Georgia State University",
    "JNTU Hyderabad",
    "Northeastern University",
]
CERTS = [
    "AWS Certified Developer – Associate",
    "Certified Kubernetes Application Developer (CKAD)",
    "Microsoft Certified: Azure Data Engineer Associate",
    "HashiCorp Certified: Terraform Associate",
    "Oracle Certified Professional, Java SE 17 Developer",
    "Professional Scrum Master I",
    "Google Cloud Professional Data Engineer",
    "Databricks Certified Data Engineer Associate",
]
AWARDS = [
    "Spot Award for the payments cutover weekend ({yr})",
    "Team Excellence Award, Platform Engineering ({yr})",
    "Hackathon winner: claims triage prototype ({yr})",
    "Employee of the Quarter ({yr})",
]
EDU_NOTES = ["GPA 3.7/4.0", "Graduate teaching assistant for Data Structures", "Dean's list, four semesters"]

# --- stack points ---------------------------------------------------------------------------
STACK_TECHS = [
    "AWS",
    "Azure",
    "GCP",
    "Kubernetes",
    "Terraform",
    "Kafka",
    "Spark",
    "Snowflake",
    "React",
    "Angular",
    "Spring Boot",
    "Python",
    "Go",
    "PostgreSQL",
    "MongoDB",
    "Redis",
    "GraphQL",
    "Jenkins",
    "GitHub Actions",
    "Airflow",
    "dbt",
    "Datadog",
    "Splunk",
    "Elasticsearch",
    "Docker",
    "CI/CD",
    "Microservices",
    "Data Governance",
    "Machine Learning",
    "Node.js",
    ".NET Core",
    "Salesforce",
    "Tableau",
    "Power BI",
    "Databricks",
    "Ansible",
    "Cloud Cost Management",
    "API Security",
]
_P_VERBS = [
    "Rolled out",
    "Stood up",
    "Hardened",
    "Instrumented",
    "Containerized",
    "Benchmarked",
    "Consolidated",
    "Piloted",
    "Standardized",
    "Codified",
    "Rewrote",
    "Scaled",
    "Secured",
    "Profiled",
    "Streamlined",
    "Introduced",
    "Drove",
]
_P_OBJECTS = [
    "{t} pipelines for the warranty claims feed",
    "a {t} reference setup that four product teams adopted",
    "the {t} rollout for the customer notifications platform",
    "{t} workloads behind the quote engine",
    "the {t} layer of the order history service",
    "{t} jobs that publish daily margin reports",
    "{t}-based checks for the loan document intake",
    "a shared {t} module library with versioned releases",
    "the {t} integration for vendor invoices",
    "{t} usage across the analytics sandbox",
]
_P_OUTCOMES = [
    "cutting p99 latency from {a} ms to {b} ms",
    "saving about ${k}K per month",
    "shortening release cycles from {w} weeks to {d} days",
    "eliminating {n} recurring production incidents",
    "freeing {n} engineer-hours per sprint",
    "passing the external security review with no high findings",
]
_UNICODE_POINTS = [
    "Localized the {t} checkout flows for customers in São Paulo, Zürich and Kraków, including “pay later” copy.",
    "Coordinated the {t} rollout with the Montréal and Málaga teams, keeping the “no Friday deploys” rule.",
    "Ran {t} workshops in Düsseldorf and Malmö that turned the team’s “tribal knowledge” into runbooks.",
    "Built {t} reporting for the Bogotá and Kraków offices with naïve-date handling fixed end to end.",
]
_COLON_POINTS = [
    "Cost control: {vl} {t} capacity planning and cut idle spend by {p}%.",
    "{v} {t} with two goals: faster recovery and fewer pages at night.",
    "Security focus: {vl} {t} secrets rotation for {n} services.",
    "{v} the {t} dashboards around one question: where do requests wait?",
]


@dataclass
class Bullet:
    """One experience bullet: optional bold lead-in, body text, optional link text, sub-bullets."""

    body: str
    lead: str | None = None
    link: str | None = None
    subs: list[str] = field(default_factory=list)


def _fill(rng: random.Random, s: str) -> str:
    return s.format(
        p=rng.randint(12, 68),
        h=rng.randint(3, 9),
        m=rng.randint(12, 55),
        n=rng.randint(3, 40),
        c=rng.randint(71, 94),
        y=rng.randint(6, 15),
        t1=rng.choice(TECHS),
        t2=rng.choice(TECHS),
        t3=rng.choice(TECHS),
        a=rng.randint(600, 1900),
        b=rng.randint(90, 300),
        k=rng.randint(4, 60),
        w=rng.randint(3, 6),
        d=rng.randint(2, 5),
        yr=rng.randint(2015, 2024),
    )


class Words:
    """Seeded text source that never repeats a bullet or a point within one resume."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._used: set[str] = set()
        self._co: set[str] = set()
        self._tmpl: dict[int, list[int]] = {}

    def _fresh(self, pool: list[str]) -> str:
        """A template from ``pool`` not used yet in this resume (until the pool runs out)."""
        left = self._tmpl.setdefault(id(pool), list(range(len(pool))))
        if not left:
            left.extend(range(len(pool)))
        return pool[left.pop(self.rng.randrange(len(left)))]

    def _unique(self, make: callable) -> str:  # type: ignore[valid-type]
        for _ in range(200):
            s = make()
            if s not in self._used:
                self._used.add(s)
                return s
        raise RuntimeError("text pool exhausted")

    def person(self) -> tuple[str, str]:
        """(first, last) name."""
        return self.rng.choice(FIRST), self.rng.choice(LAST)

    def company(self) -> str:
        """A company name not used before in this resume."""
        while True:
            c = f"{self.rng.choice(CO_A)} {self.rng.choice(CO_B)}"
            if c not in self._co:
                self._co.add(c)
                return c

    def bullet_body(self) -> str:
        """An experience bullet sentence."""
        rng = self.rng

        def make() -> str:
            tech = rng.choice(TECHS)
            obj = rng.choice(_B_OBJECTS)
            joiner = rng.choice([" using ", " with ", " on ", " in "])
            return f"{rng.choice(_B_VERBS)} {obj}{joiner}{tech}{_fill(rng, rng.choice(_B_OUTCOMES))}."

        return self._unique(make)

    def bullet(self, lead: bool = False, link: bool = False) -> Bullet:
        """A Bullet, optionally with a lead-in and a link."""
        b = Bullet(self.bullet_body())
        if lead:
            b.lead = self.rng.choice(LEADS)
        if link:
            b.link = self.rng.choice(
                ["github.com/", "wiki.example.com/", "confluence.example.org/"]
            ) + self.rng.choice(["settlement-runbook", "claims-api", "infra-modules", "perf-report"])
        return b

    def sub_bullet(self) -> str:
        """A short sub-bullet."""
        return self._unique(
            lambda: (
                self.rng.choice(
                    ["Paired with", "Handed over to", "Walked through the design with", "Trained"]
                )
                + " "
                + self.rng.choice(
                    ["the support team", "two new hires", "the QA leads", "the offshore team", "the DBAs"]
                )
                + self.rng.choice(
                    [
                        " on the new process.",
                        " before go-live.",
                        " during hypercare.",
                        f" in week {self.rng.randint(2, 9)}.",
                    ]
                )
            )
        )

    def description(self) -> str:
        """A one-sentence project description."""
        return self._unique(lambda: _fill(self.rng, self._fresh(_DESCRIPTIONS)))

    def environment(self) -> str:
        """A comma-separated tool list."""
        return ", ".join(self.rng.sample(TECHS, self.rng.randint(5, 9)))

    def summary(self) -> str:
        """A summary bullet."""
        return self._unique(lambda: _fill(self.rng, self._fresh(SUMMARY)))

    def achievement(self) -> str:
        """A project-like achievement line (for a Summary's Key Achievements)."""
        return self._unique(lambda: _fill(self.rng, self._fresh(ACHIEVEMENTS)))

    def skills(self, n: int) -> list[tuple[str, str]]:
        """(label, values) rows."""
        rows = self.rng.sample(SKILL_ROWS, n)
        return [
            (label, ", ".join(self.rng.sample(vals, min(len(vals), self.rng.randint(3, 6)))))
            for label, vals in rows
        ]

    def certs(self, n: int) -> list[str]:
        """Certification lines."""
        return [f"{c} ({self.rng.randint(2016, 2024)})" for c in self.rng.sample(CERTS, n)]

    def awards(self, n: int) -> list[str]:
        """Award lines."""
        return [_fill(self.rng, a) for a in self.rng.sample(AWARDS, n)]

    # --- stack ---------------------------------------------------------------------------
    def point(self, tech: str, kind: str = "plain") -> str:
        """A stack point about ``tech``: plain, colon, unicode or long (300+ characters)."""
        rng = self.rng

        def plain() -> str:
            obj = rng.choice(_P_OBJECTS).format(t=tech)
            return f"{rng.choice(_P_VERBS)} {obj}, {_fill(rng, rng.choice(_P_OUTCOMES))}."

        def colon() -> str:
            v = rng.choice(_P_VERBS)
            return rng.choice(_COLON_POINTS).format(
                v=v, vl=v.lower(), t=tech, p=rng.randint(10, 40), n=rng.randint(5, 60)
            )

        def uni() -> str:
            return rng.choice(_UNICODE_POINTS).format(t=tech)

        def long() -> str:
            objs = rng.sample(_P_OBJECTS, 3)
            outs = rng.sample(_P_OUTCOMES, 2)
            s = (
                f"{rng.choice(_P_VERBS)} {objs[0].format(t=tech)} end to end, working with security, finance and "
                f"three product squads to agree on ownership, then moved {objs[1].format(t=tech)} and "
                f"{objs[2].format(t=tech)} onto the same release train with automated checks at every stage, "
                f"{_fill(rng, outs[0])} and {_fill(rng, outs[1])}, while keeping the change calendar and the "
                "audit trail intact for the yearly review."
            )
            return s

        make = {"plain": plain, "colon": colon, "unicode": uni, "long": long}[kind]
        return self._unique(make)
