"""PDF/X-1a marking of print proofs, with pikepdf.

Adds what PDF/X-1a:2003 (ISO 15930-4) asks of a file beyond what the
renderer already guarantees (fonts embedded, DeviceGray only, no
transparency, TrimBox inside BleedBox): an OutputIntent naming the
registered characterization for coldset offset on newsprint (ISO 12647-3,
ICC registry name ``IFRA26``, "ISOnewspaper26v4"), with no embedded ICC
profile (none with a redistributable licence is at hand, and PDF/X-1a allows
a registered condition instead), and the GTS_PDFXVersion key. Saved with a
deterministic document ID and without pikepdf's own metadata, so the same
input gives the same bytes.
"""

from __future__ import annotations

import io

import pikepdf

#: The registered output condition (ICC characterization registry).
OUTPUT_CONDITION = "IFRA26"
OUTPUT_CONDITION_INFO = "ISO 12647-3:2013 coldset offset on newsprint, 26 % dot gain (ISOnewspaper26v4)"


def mark_pdfx(data: bytes, title: str) -> bytes:
    """The PDF ``data`` with an OutputIntent and GTS_PDFXVersion added."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION),
            OutputCondition=pikepdf.String(OUTPUT_CONDITION_INFO),
            RegistryName=pikepdf.String("http://www.color.org"),
            Info=pikepdf.String(OUTPUT_CONDITION_INFO),
        )
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
        info = pdf.trailer.Info
        info.GTS_PDFXVersion = pikepdf.String("PDF/X-1:2003")
        info.Trapped = pikepdf.Name("/False")
        info.Title = pikepdf.String(title)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return out.getvalue()
