"""The identity-verification sandbox (实名核验沙箱): a stand-in for the provincial population
register's two-factor check (name + ID number), run as its own process."""
