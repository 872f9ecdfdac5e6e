"""pandas frames of openday's records (pandas stays optional).

Called by the native ``to_pandas()`` methods: the records are converted as
they are, with dtypes a data office expects: instants as timezone-aware
datetimes, dates as dates, counts that may be missing as nullable integers.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence


def frame(
    records: Iterable[Mapping[str, Any]],
    *,
    instants: Sequence[str] = (),
    dates: Sequence[str] = (),
    integers: Sequence[str] = (),
) -> Any:
    """A ``pandas.DataFrame`` of ``records`` with typed columns."""
    try:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install pandas") from e
    df = pd.DataFrame.from_records(list(records))
    for column in instants:
        if column in df:
            try:
                # One offset throughout (the event's zone): keep it.
                df[column] = pd.to_datetime(df[column], format="ISO8601")
            except (ValueError, TypeError):
                # Offsets differ (a zone with daylight saving): UTC.
                df[column] = pd.to_datetime(df[column], format="ISO8601", utc=True)
    for column in dates:
        if column in df:
            df[column] = pd.to_datetime(df[column], format="%Y-%m-%d", errors="coerce").dt.date
    for column in integers:
        if column in df:
            df[column] = df[column].astype("Int64")
    return df
