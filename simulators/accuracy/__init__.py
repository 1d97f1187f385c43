"""Accuracy of the gate decisions, measured: FNIR and FPIR (ISO/IEC 19795-1)
against threshold and gallery size, for pure 1:N, the threshold-and-margin
rule the gates run, and claimed identity (1:1 plus the 1:N cross-check).

    photos       the labelled real photos as a search set: one reference per
                 identity (the gallery pool), every other photo a probe
    searches     what a search saw (mate, two nearest others, a claimed
                 template), over nested random galleries of growing size
    rates        FNIR / FPIR of each decision rule from those searches
    calibration  thresholds at an FPIR target per size, the margin, the
                 size-aware threshold fit, the claimed threshold
    scans        the same photos through `gates.scan.decide_scan` itself,
                 per touchpoint kind, at the operating settings
    synthetic    galleries of synthetic templates for sizes photos do not reach
    study        all of the above for `skygate report accuracy`
    page, plots  docs/accuracy-1n.md and its figures
"""
