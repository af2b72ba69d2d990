-- How the letters designate the doctor (« Médecin libérale »…); empty = the neutral
-- « Médecin exerçant en libéral » (issue 9).
ALTER TABLE practitioner ADD COLUMN designation TEXT NOT NULL DEFAULT '';
