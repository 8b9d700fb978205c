"""The publish floor: what the commands write.

build (an issue -> PDFs and build.json), galley (galley proofs), preflight
(the report read before plate-making).
"""
