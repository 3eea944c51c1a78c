"""The one packaging rule pyproject.toml cannot state: resources/ and content/ ship inside `course`.

Everything else is in pyproject.toml. Code packages are discovered (a new folder under
course/ or ui/ ships without a change here); the data folders, which keep their place
at the top of the checkout, are mapped into the `course` package so that a wheel puts
no generic top-level names into site-packages. course/paths.py finds them either way.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(
            include=["course", "course.*", "ui", "ui.*"], exclude=["*.__pycache__"]
        ),
        "course.resources",
        "course.content",
    ],
    package_dir={"course.resources": "resources", "course.content": "content"},
)
