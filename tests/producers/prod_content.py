"""Invented resume content for the producers corpus: people, entries, bullets, stacks.

Everything comes from a seeded ``random.Random``; no sentence is taken from the public samples.
The content is producer-agnostic: ``prod_layouts.py`` turns it into blocks, ``prod_writers.py`` into .docx.
"""

# ruff: noqa: E501  (sentence literals read better unbroken)

from __future__ import annotations

import random
from dataclasses import dataclass, field

FIRST = [
    "Aurelio",
    "Birgit",
    "Chidi",
    "Daniela",
    "Eamon",
    "Fatima",
    "Gideon",
    "Halina",
    "Ignacio",
    "Jasmin",
    "Kenji",
    "Lucia",
    "Mateus",
    "Nadia",
    "Oskar",
    "Paloma",
    "Rafael",
    "Saoirse",
    "Tobias",
    "Uma",
    "Viktor",
    "Wren",
    "Yara",
    "Zeno",
    "Anjali",
    "Bastien",
    "Cosima",
    "Dev",
]
LAST = [
    "Achterberg",
    "Bianchi",
    "Czerny",
    "Delacroix",
    "Ekwueme",
    "Falkenrath",
    "Gutierrez",
    "Hollis",
    "Ivanova",
    "Jaramillo",
    "Kaur",
    "Lindgren",
    "Moreau",
    "Nakashima",
    "Okafor",
    "Pellegrini",
    "Quayle",
    "Rasmussen",
    "Szabo",
    "Thorsen",
    "Uribe",
    "Vasquez",
    "Whitaker",
    "Yilmaz",
    "Zielinski",
    "Banerjee",
    "Castillo",
    "Drummond",
]
CITIES = [
    "Raleigh, NC",
    "Boise, ID",
    "Omaha, NE",
    "Tucson, AZ",
    "Hartford, CT",
    "Madison, WI",
    "Richmond, VA",
    "Sacramento, CA",
    "Pittsburgh, PA",
    "Louisville, KY",
    "Irvine, CA",
    "Plano, TX",
    "Jersey City, NJ",
    "Durham, NC",
    "Provo, UT",
    "Calgary, AB",
    "Leeds, UK",
    "Pune, India",
    "Kraków, Poland",
    "Lyon, France",
]
COMPANIES = [
    "Larkspur Logistics",
    "Quarry Hill Bank",
    "Bellwether Health Partners",
    "Tamarind Telecom",
    "Osprey Freight Systems",
    "Halcyon Retail Group",
    "Northgate Energy Co-op",
    "Verdant Agritech",
    "Cobalt Ridge Insurance",
    "Silverline Transit Authority",
    "Juniper Lane Publishing",
    "Marlowe & Finch Advisory",
    "Keystone Pharma Services",
    "Aldergrove University",
    "Pinecrest Credit Union",
    "Trellis Hospitality",
    "Ironwood Manufacturing",
    "Seabright Media",
    "Orchard Street Capital",
    "Windrose Aviation",
    "Harbor Point Utilities",
    "Lumen Dental Network",
    "Granary Foods Inc.",
    "Redfern Analytics",
    "Blue Heron Software",
]
ROLES = [
    "Senior Java Developer",
    "Data Engineer",
    "Site Reliability Engineer",
    "Full Stack Developer",
    "Cloud Engineer",
    "Python Developer",
    "Lead Software Engineer",
    "DevOps Engineer",
    ".NET Developer",
    "Big Data Engineer",
    "Platform Engineer",
    "Backend Engineer",
    "QA Automation Lead",
    "Integration Engineer",
    "Machine Learning Engineer",
    "Solutions Architect",
]
PROJECT_NAMES = [
    "Claims Modernization",
    "Member Portal Rewrite",
    "Real-Time Fraud Scoring",
    "Warehouse Robotics Telemetry",
    "Payments Gateway Consolidation",
    "Clinical Data Hub",
    "Dealer Network API",
    "Smart Meter Analytics",
    "Supplier Scorecards",
    "Mobile Check Deposit",
    "Crew Rostering Engine",
    "Digital Onboarding",
]

VERBS = [
    "Implemented",
    "Automated",
    "Migrated",
    "Refactored",
    "Designed",
    "Built",
    "Led",
    "Streamlined",
    "Containerized",
    "Instrumented",
    "Secured",
    "Scaled",
    "Profiled",
    "Consolidated",
    "Replaced",
    "Introduced",
    "Launched",
    "Rewrote",
    "Partnered on",
    "Piloted",
]
OBJECTS = [
    "the freight quoting API",
    "a parcel routing microservice",
    "the tenant billing ledger",
    "a lab results ingestion pipeline",
    "the loyalty rewards engine",
    "an airline crew scheduling tool",
    "the dealer inventory sync",
    "a pharmacy refill reminder service",
    "the energy meter data lake",
    "a hotel rate parity checker",
    "the grant management portal",
    "a fleet telematics dashboard",
    "the student enrollment workflow",
    "a vendor invoice matching job",
    "the mortgage document classifier",
    "a markdown pricing planner",
    "the trial randomization service",
    "a customs declaration validator",
    "the call recording archive",
    "a support ticket triage bot",
    "the branch cash forecasting model",
    "a seat map rendering service",
    "the payroll tax calculator",
    "a subscription churn report",
    "the audit evidence collector",
    "a crop yield forecasting job",
]
TECH_CLAUSES = [
    "with Spring Boot and Kafka",
    "on Azure Functions",
    "using Python and Airflow",
    "in TypeScript with NestJS",
    "on Amazon ECS with Fargate",
    "with Terraform modules",
    "using Go and NATS",
    "on GKE with Istio",
    "with React and Redux",
    "using Scala and Spark",
    "with PostgreSQL partitioning",
    "on Snowflake with dbt",
    "using C# and ASP.NET Core",
    "with Elasticsearch and Kibana",
    "on OpenShift with Tekton",
    "using Kotlin coroutines",
]
OUTCOMES = [
    "cutting batch runtime from {a} hours to {b} minutes",
    "lowering error rates by {p}%",
    "serving {a} million requests a day",
    "saving roughly ${a}{b}K a year in licences",
    "shortening release cycles from {a} weeks to {b} days",
    "raising test coverage to {p}%",
    "freeing {b} hours of analyst time each month",
    "keeping p99 latency under {b}0 ms",
    "onboarding {b} partner teams in one quarter",
    "reducing cloud spend by {p}%",
]
LEADINS = [
    "Migration:",
    "Observability:",
    "Cost control:",
    "Security:",
    "Mentoring:",
    "Performance:",
    "Data quality:",
    "Automation:",
]
DESCRIPTIONS = [
    "Engagement focused on moving a decade-old monolith to independently deployable services while the business kept shipping.",
    "Greenfield platform for partner integrations, built by a team of six across two time zones.",
    "Regulated environment with quarterly audits; the team owned both delivery and production support.",
    "Data platform programme replacing nightly spreadsheet exports with governed, near-real-time feeds.",
    "Customer-facing product used by field staff on tablets, with offline sync and strict uptime targets.",
]
SUMMARY = [
    "{n}+ years building and running distributed systems for finance, logistics and healthcare clients.",
    "Comfortable owning a service end to end, from design review to on-call rotation.",
    "Track record of paying down technical debt without stopping feature delivery.",
    "Strong communicator who writes clear design documents and runbooks.",
    "Hands-on with cloud cost reviews, capacity planning and incident postmortems.",
    "Mentor to junior engineers through pairing and structured code reviews.",
    "Experienced in Agile delivery with two-week sprints and quarterly planning.",
]
SKILL_ROWS = [
    ("Languages", "Java, Python, Go, TypeScript, SQL"),
    ("Cloud", "AWS (EKS, Lambda, S3), Azure, GCP"),
    ("Data", "Kafka, Spark, Airflow, Snowflake, PostgreSQL"),
    ("DevOps", "Terraform, Helm, GitHub Actions, Jenkins, Argo CD"),
    ("Observability", "Prometheus, Grafana, OpenTelemetry, Splunk"),
    ("Testing", "JUnit, pytest, Playwright, k6"),
]
CERTS = [
    "AWS Certified Developer – Associate ({y})",
    "Certified Kubernetes Application Developer ({y})",
    "HashiCorp Certified: Terraform Associate ({y})",
    "Google Professional Data Engineer ({y})",
    "Professional Scrum Master I ({y})",
    "Microsoft Certified: Azure Administrator ({y})",
]
DEGREES = [
    "B.S. Computer Science, {u}, {y}",
    "M.S. Information Systems, {u}, {y}",
    "Bachelor of Technology, Electrical Engineering, {u}, {y}",
]
ACHIEVEMENTS = [
    "Recognised with the {y} engineering excellence award for the billing re-platform.",
    "Cut the department's incident backlog from {b}0 tickets to under {a} in two quarters.",
    "Presented the event-sourcing migration at an internal architecture summit of {b}0 engineers.",
    "Filed {a} invention disclosures on streaming reconciliation techniques.",
]
UNIVERSITIES = ["Westbrook State University", "University of Calder Bay", "Marston Institute of Technology"]
ENV_TECHS = [
    "Java 21",
    "Spring Boot",
    "Kafka",
    "PostgreSQL",
    "Docker",
    "Kubernetes",
    "Terraform",
    "AWS",
    "Python",
    "Airflow",
    "Snowflake",
    "React",
    "Redis",
    "Jenkins",
    "Git",
    "Azure DevOps",
    "Go",
]

STACK_TECHS = {
    "AWS": ["Provisioned", "an EventBridge rule set", "Step Functions"],
    "Python": ["Packaged", "a shared validation library", "Pydantic models"],
    "Kafka": ["Partitioned", "the shipment event topics", "idempotent producers"],
    "Kubernetes": ["Right-sized", "the ingress controllers", "Horizontal Pod Autoscalers"],
    "Terraform": ["Modularized", "the network baseline", "remote state locking"],
    "React": ["Rebuilt", "the claims review screens", "React Query caching"],
    "Snowflake": ["Clustered", "the order history tables", "Snowpipe auto-ingest"],
    "Java": ["Upgraded", "the settlement batch", "virtual threads in Java 21"],
    "C#/.NET": ["Ported", "the rating engine", "minimal APIs in .NET 8"],
    "Azure": ["Secured", "the tenant subscriptions", "Azure Policy initiatives"],
    "Observability": ["Traced", "the checkout journey", "OpenTelemetry spans"],
    "CI/CD": ["Parallelized", "the monorepo pipeline", "GitHub Actions matrices"],
}
POINT_TAILS = [
    "so on-call pages dropped by half",
    "which unblocked the Q3 launch",
    "& documented the rollout in the team's runbook",
    "cutting build time to {b} minutes",
    "for {a} business units",
    "with zero-downtime cutover",
    "achieving {p}% fewer failed deploys",
    "and trained {b} engineers on it",
    "while meeting SOC 2 controls",
    "handling “burst” traffic of {a}x normal load",
]


@dataclass
class Entry:
    """One experience entry (a project, in the engine's words)."""

    layout: str
    company: str
    city: str
    role: str
    dates: str
    bullets: list[str]
    leadins: list[str | None]
    description: str | None = None
    environment: str | None = None
    project: str | None = None  # for "Project n:" entries under a client
    client_group: int = 0  # entries with the same group share one Client line


@dataclass
class Resume:
    """A whole invented resume."""

    name: str
    title: str
    contact: str
    summary: list[str]
    skills: list[tuple[str, str]]
    entries: list[Entry]
    education: list[str]
    certifications: list[str]
    headings: dict[str, str] = field(default_factory=dict)
    achievements: list[str] = field(default_factory=list)


@dataclass
class Stack:
    """A job's tech stack: the text written to NAME.stack.txt and the points it holds, in order."""

    text: str
    techs: list[str]
    points: list[tuple[str, str]]  # (tech, point text)
    fmt: str


DATE_FORMATS = ["mon", "years", "slash", "sept", "words", "current", "dots", "hyphen"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LONG = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _abbr(m: int) -> str:
    """``Sept.``, ``Jan.``, but ``May`` (abbreviations take a full stop, whole words do not)."""
    return "Sept." if m == 8 else ("May" if m == 4 else MONTHS[m] + ".")


def date_range(rng: random.Random, fmt: str, start: tuple[int, int], end: tuple[int, int] | None) -> str:
    """A date range in one of many real-world spellings; ``end`` None means still there."""
    (y1, m1) = start
    if fmt == "mon":
        a = f"{MONTHS[m1]} {y1}"
        b = "Present" if end is None else f"{MONTHS[end[1]]} {end[0]}"
        return f"{a} – {b}"
    if fmt == "years":
        return f"{y1}–{'Present' if end is None else end[0]}"
    if fmt == "slash":
        b = "Present" if end is None else f"{end[1] + 1:02d}/{end[0]}"
        return f"{m1 + 1:02d}/{y1} - {b}"
    if fmt == "sept":
        a = _abbr(m1)
        b = "Now" if end is None else f"{_abbr(end[1])} {end[0]}"
        return f"{a} {y1} – {b}"
    if fmt == "words":
        b = "Present" if end is None else f"{LONG[end[1]]} {end[0]}"
        return f"{LONG[m1]} {y1} to {b}"
    if fmt == "current":
        return f"{y1} - {'Current' if end is None else end[0]}"
    if fmt == "dots":
        b = "today" if end is None else f"{end[1] + 1:02d}.{end[0]}"
        return f"{m1 + 1:02d}.{y1} – {b}"
    b = "Till Date" if end is None else f"{MONTHS[end[1]]} {end[0]}"
    return f"{MONTHS[m1]} {y1} - {b}"


class TextSource:
    """Draws unique sentences from the vocabulary (unique within one case and across cases)."""

    def __init__(self, rng: random.Random, used: set[str]) -> None:
        self.rng = rng
        self.used = used  # bullets and points: unique across the whole corpus
        self.local: set[str] = set()  # section lines: unique within one resume

    def _fill(self, s: str) -> str:
        r = self.rng
        return s.format(
            a=r.randint(2, 9),
            b=r.randint(11, 60),
            p=r.randint(12, 71),
            n=r.randint(5, 17),
            y=r.randint(2014, 2024),
        )

    def bullet(self) -> str:
        """A unique achievement bullet."""
        r = self.rng
        while True:
            s = f"{r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(TECH_CLAUSES)}, {self._fill(r.choice(OUTCOMES))}."
            if s not in self.used:
                self.used.add(s)
                return s

    def point(self, tech: str) -> str:
        """A unique stack point about ``tech``."""
        r = self.rng
        verb, obj, feature = STACK_TECHS[tech]
        while True:
            s = f"{verb} {obj} using {feature} {self._fill(r.choice(POINT_TAILS))}."
            if r.random() < 0.3:
                s = f"{verb} {r.choice(OBJECTS)} with {feature}, {self._fill(r.choice(POINT_TAILS))}."
            if s not in self.used:
                self.used.add(s)
                return s

    def unique(self, template: str) -> str:
        """``template`` filled until it is a sentence this resume has not used yet."""
        for _ in range(50):
            s = self._fill(template)
            if s not in self.local and s not in self.used:
                self.local.add(s)
                return s
        raise RuntimeError(f"cannot make a unique sentence from {template!r}")


def make_resume(
    seed: int,
    layouts: list[str],
    used: set[str],
    *,
    date_format: str | None = None,
    bullets: tuple[int, int] = (2, 6),
    leadins: bool = False,
    environment: bool = False,
    description: bool = False,
) -> Resume:
    """A resume with one entry per layout code in ``layouts`` (most recent first)."""
    rng = random.Random(seed)
    src = TextSource(rng, used)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    user = name.lower().replace(" ", ".")
    contact = (
        f"{rng.choice(CITIES)} | (555) 01{rng.randint(0, 9)}-{rng.randint(1000, 9999)} | {user}@example.com"
    )
    companies = rng.sample(COMPANIES, len(layouts))
    projects = rng.sample(PROJECT_NAMES, len(layouts))
    entries: list[Entry] = []
    year, month = 2025, rng.randint(0, 11)
    group = 0
    for i, lay in enumerate(layouts):
        fmt = date_format or rng.choice(DATE_FORMATS)
        dur = rng.randint(10, 40)
        start_abs = year * 12 + month - dur
        start = (start_abs // 12, start_abs % 12)
        end = None if i == 0 else (year, month)
        dates = date_range(rng, fmt, start, end)
        n = rng.randint(*bullets)
        texts = [src.bullet() for _ in range(n)]
        leads: list[str | None] = [None] * n
        if leadins:
            for j in rng.sample(range(n), max(1, n // 2)):
                leads[j] = rng.choice(LEADINS)
        if lay == "PN" and i > 0 and layouts[i - 1] == "PN" and rng.random() < 0.8:
            company = entries[-1].company  # another project for the same client
        else:
            company = companies[i]
            group += 1
        entries.append(
            Entry(
                layout=lay,
                company=company,
                city=rng.choice(CITIES),
                role=rng.choice(ROLES),
                dates=dates,
                bullets=texts,
                leadins=leads,
                description=rng.choice(DESCRIPTIONS) if description or lay in ("DS", "CLD") else None,
                environment=("Environment: " + ", ".join(rng.sample(ENV_TECHS, rng.randint(4, 8))))
                if environment or lay in ("CLI", "PN", "CLD")
                else None,
                project=projects[i],
                client_group=group,
            )
        )
        year, month = start
        if month == 0:
            year, month = year - 1, 11
        else:
            month -= 1
    summary = [src.unique(s) for s in rng.sample(SUMMARY, rng.randint(3, 5))]
    skills = rng.sample(SKILL_ROWS, rng.randint(3, 6))
    certs = [src.unique(c) for c in rng.sample(CERTS, rng.randint(2, 4))]
    edu = [src.unique(rng.choice(DEGREES).replace("{u}", rng.choice(UNIVERSITIES)))]
    headings = {
        "summary": rng.choice(["Professional Summary", "Summary", "Profile", "Career Summary"]),
        "skills": rng.choice(["Technical Skills", "Skills", "Core Competencies", "Technical Expertise"]),
        "experience": rng.choice(
            ["Professional Experience", "Experience", "Work History", "Employment History"]
        ),
        "education": rng.choice(["Education", "Education & Training", "Academic Background"]),
        "certifications": rng.choice(["Certifications", "Certifications & Licenses", "Credentials"]),
    }
    achievements = [src.unique(a) for a in rng.sample(ACHIEVEMENTS, 3)]
    return Resume(
        name, rng.choice(ROLES), contact, summary, skills, entries, edu, certs, headings, achievements
    )


STACK_FORMATS = ["blocks", "noblank", "colon", "inline", "numbered", "nomarker", "mixed", "crlf"]


def make_stack(seed: int, fmt: str, used: set[str], n_points: int | None = None) -> Stack:
    """A stack text in format ``fmt`` and the points a correct reader finds in it, in order."""
    rng = random.Random(seed * 7919 + 17)
    src = TextSource(rng, used)
    total = n_points or rng.randint(2, 9)
    n_techs = max(1, min(rng.randint(2, 4), total))
    techs = rng.sample(sorted(STACK_TECHS), n_techs)
    counts = [1] * n_techs
    for _ in range(total - n_techs):
        counts[rng.randrange(n_techs)] += 1
    blocks = [(t, [src.point(t) for _ in range(c)]) for t, c in zip(techs, counts, strict=True)]
    lines: list[str] = []
    nl = "\n"
    for bi, (tech, pts) in enumerate(blocks):
        style = fmt
        if fmt == "mixed":
            style = ["blocks", "colon", "inline", "numbered"][bi % 4]
        if fmt == "crlf":
            style = "blocks"
            nl = "\r\n"
        if style == "blocks":
            marker = rng.choice(["• ", "- ", "* ", "▪ "])
            lines += [tech, *(marker + p for p in pts), ""]
        elif style == "noblank":
            lines += [tech, *("• " + p for p in pts)]
        elif style == "colon":
            marker = rng.choice(["", "- ", "• "])
            lines += [tech + ":", *(marker + p for p in pts), ""]
        elif style == "inline":
            lines += [f"{tech}: " + " ".join("• " + p for p in pts), ""]
        elif style == "numbered":
            lines += [tech, *(f"{i}. {p}" for i, p in enumerate(pts, 1)), ""]
        elif style == "nomarker":
            lines += [tech, *pts, ""]
    while lines and not lines[-1]:
        lines.pop()
    return Stack(nl.join(lines) + nl, [t for t, _ in blocks], [(t, p) for t, pts in blocks for p in pts], fmt)
