"""Recruitment: processes (job advertisements), applications and their assessment, prequalified pools,
managers' talent requests, referrals and selection. Imports ``talent``; never ``matching``."""
