"""The applicant's side: submit, follow, correct, withdraw and download letters."""
