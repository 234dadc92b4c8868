"""pytest plugins of the test suite, registered in tests/conftest.py."""

# Tests hash passwords with MD5 (tests/conftest.py); so do the cities seeded for
# them once per session (seeded.py), or their logins would not sign in.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
