"""The tech table and its matcher: aliases, whole-word matching, false matches, job descriptions."""

from __future__ import annotations

import pytest

from resume_customizer.errors import CustomizerError
from resume_customizer.keywords import job_keywords, keywords_from_names, load_index, tech_index

INDEX = tech_index()


def _names(text: str) -> list[str]:
    return [m.tech.name for m in INDEX.find(text)]


@pytest.mark.parametrize(
    ("text", "tech"),
    [
        ("Built SPAs in JS and TypeScript", "JavaScript"),
        ("ran on K8s clusters", "Kubernetes"),
        ("tuned Postgres queries", "PostgreSQL"),
        ("ported to dotnet core", ".NET"),
        ("a .NET 8 service", ".NET"),
        ("set up CI / CD", "CI/CD"),
        ("set up CI-CD", "CI/CD"),
        ("Continuous Integration and Continuous Delivery", "CI/CD"),
        ("wrote Node services", "Node.js"),
        ("NodeJS workers", "Node.js"),
        ("deployed to Google Cloud", "GCP"),
        ("Golang microservices", "Go"),
        ("services in Go", "Go"),
        ("upgraded Java17 modules", "Java"),
        ("HTML5 pages", "HTML"),
        ("Amazon Web Services", "AWS"),
        ("c# and JAVA", "C#"),
        ("ASP.NET Core APIs", "ASP.NET"),
        ("Spring-Boot apps", "Spring Boot"),
        ("PL/SQL packages", "PL/SQL"),
    ],
)
def test_aliases_and_spellings_find_their_tech(text: str, tech: str) -> None:
    assert tech in _names(text)


@pytest.mark.parametrize(
    ("text", "not_found"),
    [
        ("good communication and going forward", "Go"),
        ("we go live next week", "Go"),
        ("Go-live support for the SAP rollout", "Go"),
        ("Go-to person for releases", "Go"),
        ("JavaScript and TypeScript", "Java"),
        ("C++ and C# services", "C"),
        ("C-level stakeholders", "C"),
        ("Jordan C. Example", "C"),
        ("led R&D teams", "R"),
        ("worked in R & D", "R"),
        ("a 3-node cluster and node pools", "Node.js"),
        ("NoSQL and MySQL stores", "SQL"),
        ("see github.com/jordan", "GitHub"),
        ("spring 2019 semester and Spring 2020", "Spring"),
        ("at the helm of the team", "Helm"),
        ("a safe rollout", "SAFe"),
        ("Azure DevOps pipelines", "Azure"),
        ("ASP.NET pages", "Java"),
    ],
)
def test_lookalikes_are_not_mentions(text: str, not_found: str) -> None:
    assert not_found not in _names(text)


def test_c_c_plus_plus_and_c_sharp_are_three_different_techs() -> None:
    assert _names("C, C++, C#, C/C++") == ["C", "C++", "C#", "C", "C++"]


def test_a_longer_name_implies_the_ones_it_is_built_on() -> None:
    assert {"Spring Boot", "Spring"} <= INDEX.mentioned("Spring Boot 3")
    assert {"EKS", "AWS", "Kubernetes"} <= INDEX.mentioned("Amazon EKS")
    assert {"ASP.NET", ".NET"} <= INDEX.mentioned("ASP.NET MVC")
    assert "Java" not in INDEX.mentioned("JavaScript")


def test_every_spelling_in_the_shipped_table_finds_exactly_its_own_tech() -> None:
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("resume_customizer").joinpath("data/aliases.toml").read_text())
    wrong = []
    for techs in data["techs"].values():
        for name, spec in techs.items():
            spec = {"aliases": spec} if isinstance(spec, list) else spec
            for spelling in [name, *spec.get("aliases", []), *spec.get("exact", [])]:
                found = _names(spelling)
                if found != [name]:
                    wrong.append((spelling, name, found))
    assert wrong == []


def test_resolving_a_name_ignores_case_even_for_exact_spellings() -> None:
    assert INDEX.resolve("go").name == "Go"  # type: ignore[union-attr]
    assert INDEX.resolve("K8S").name == "Kubernetes"  # type: ignore[union-attr]
    assert INDEX.resolve("Cloud Cost Management") is None


def test_names_become_keywords_without_duplicates() -> None:
    kws = keywords_from_names(["K8s", "Kubernetes", "AWS Cloud", "Cloud Cost Management", "javascript"])
    assert [(k.name, k.tech.name if k.tech else None) for k in kws] == [
        ("K8s", "Kubernetes"),
        ("AWS", "AWS"),
        ("Cloud Cost Management", None),
        ("JavaScript", "JavaScript"),
    ]


# ---------------------------------------------------------------------------------------
# The data file's own checks
# ---------------------------------------------------------------------------------------

_BASE = """
[categories.languages]
labels = ["languages"]
"""


def test_a_spelling_listed_for_two_techs_is_refused_naming_both() -> None:
    with pytest.raises(CustomizerError, match=r"'js' is listed for both JavaScript and Java"):
        load_index(_BASE + '[techs.languages]\nJavaScript = ["JS"]\nJava = ["JS"]\n')


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[techs.languages]\nJava = { implies = ["Jakarta"] }\n', "implies 'Jakarta'"),
        ('[techs.languages]\nGo = { exact = ["Go"], exclude = ["Go"] }\n', "excluded for Go"),
        ('[techs.languages]\nGo = { alias = ["Golang"] }\n', "unknown key"),
        ("[techs.tools]\nGit = []\n", "no \\[categories.tools\\]"),
        ("[techs.languages\n", "not valid TOML"),
        ('[techs.languages]\nGo = "Golang"\n', "must be a list"),
    ],
)
def test_a_broken_table_says_what_to_fix(body: str, message: str) -> None:
    with pytest.raises(CustomizerError, match=message):
        load_index(_BASE + body)


def test_a_small_table_matches_only_what_it_lists() -> None:
    index = load_index(_BASE + '[techs.languages]\nGo = { aliases = ["Golang"], exact = ["Go"] }\n')
    assert [m.tech.name for m in index.find("Go, go, Golang, GOLANG, Python")] == ["Go", "Go", "Go"]


# ---------------------------------------------------------------------------------------
# Job descriptions
# ---------------------------------------------------------------------------------------

JOB = """Senior Backend Engineer at McKinsey Digital. You will build gRPC services in Go on AWS.
Requirements: experience with Kafka, Flink and Apache Beam; Terraform, Pulumi or Crossplane.
Strong Communication skills, and communication with stakeholders. Knowledge of PySpark and Socket.io.
Apply at jobs@Example.com or https://Example.com/GraphQLJobs. Nice to have: K8s, CI/CD.
Crossplane is great, Zanzibar is a plus."""


def test_a_job_description_yields_known_techs_then_tech_shaped_unknown_names() -> None:
    kws = job_keywords(JOB)
    assert kws[:8] == ["gRPC", "Go", "AWS", "Kafka", "Flink", "Apache Beam", "Terraform", "Pulumi"]
    assert set(kws) >= {"PySpark", "Kubernetes", "CI/CD", "Socket.io", "Crossplane"}


def test_common_words_names_and_addresses_are_not_taken_for_techs() -> None:
    kws = job_keywords(JOB)
    for wrong in (
        "Communication",
        "Senior",
        "McKinsey",
        "Example",
        "GraphQLJobs",
        "Zanzibar",
        "Requirements",
    ):
        assert wrong not in kws


def test_a_capitalised_unknown_word_outside_a_list_of_techs_is_not_a_keyword() -> None:
    assert job_keywords("Our Crossplane team ships weekly. Excellent Benefits, Culture and Growth.") == []
