"""The publish floor: what the commands write.

build (an issue -> PDFs and build.json), outputs (a build's files written
all together or not at all), galley (galley proofs), preflight (the report
read before plate-making).
"""
