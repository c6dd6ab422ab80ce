"""What a refused save shows: each field that changed meanwhile."""


def differences(response) -> list[tuple[str, str, str, str]]:
    return [
        (difference.label, difference.started_from, difference.stored, difference.submitted)
        for difference in response.context["edit_conflict"]
    ]
