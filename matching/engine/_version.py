"""Version of the matching engine, recorded with every ranked list.

Bump the minor version when scores change for the same inputs and parameters, the major version when
the API changes.
"""

ENGINE_VERSION = "2.0.0"
