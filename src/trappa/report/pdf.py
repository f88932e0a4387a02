"""HTML to PDF with WeasyPrint: tagged (PDF/UA-1), with the page's title and language, for the case file.

The HTML is a print template trappa renders itself with its stylesheet inline and no images or links
to fetch, so making the PDF reads nothing from the network or the disk.
"""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True) or b"")
