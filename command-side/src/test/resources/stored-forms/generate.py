#!/usr/bin/env python3
"""Writes the fixtures of rows stored in older forms of event types, one folder per recorded version.

Run from this folder to regenerate (python3 generate.py). Each row is written as it sits in domain_event_entry:
payload and meta_data are the columns' UTF-8 text. The chain hashes are computed here, independently of the
service, as docs/api.md defines them: SHA-256 over the previous hash, a newline and the canonical form
{"personId","sequence","recordedAt","recordedBy","event"} with the stored payload spliced in as "event".
"""
import hashlib, json

def compact(obj):
    return json.dumps(obj, separators=(',', ':'), ensure_ascii=True)

def rows(person, events, recorder):
    prev = "0" * 64
    out = []
    for seq, (event_identifier, time_stamp, recorded_at, revision, payload) in enumerate(events):
        payload_text = compact(payload)
        canonical = '{"personId":%s,"sequence":%d,"recordedAt":%s,"recordedBy":%s,"event":%s}' % (
            compact(person), seq, compact(recorded_at), compact(recorder), payload_text)
        h = hashlib.sha256((prev + "\n" + canonical).encode()).hexdigest()
        content = hashlib.sha256(payload_text.encode()).hexdigest()
        meta = compact({"contentHash": content, "hash": h, "previousHash": prev, "recordedAt": recorded_at, "recordedBy": recorder})
        out.append({"aggregate_identifier": person, "sequence_number": seq, "type": "PersonJourney",
                    "event_identifier": event_identifier, "time_stamp": time_stamp,
                    "payload_type": "org.casejourney.events." + payload["type"], "payload_revision": revision,
                    "payload": payload_text, "meta_data": meta})
        prev = h
    return out

def write(name, about, person, events):
    doc = {"about": about, "rows": rows(person, events, "pilot-recorder")}
    with open("0.9/" + name, "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")

write("referral-made-renamed-field.json",
      "ReferralMade in its 0.9 draft form, which named the referral's identifier 'referral' (1.0: 'referralId'), then a "
      "ReferralResolved stored in the 1.0 form before revisions were written (no payload_revision). Each row as it sits in "
      "domain_event_entry: payload and meta_data are the column's UTF-8 text, byte for byte; the chain hashes in meta_data "
      "were taken over these payloads. contentHash is an unkeyed SHA-256 of the payload.",
      "stored-0.9-referrals", [
          ("6f1c2a52-8d0e-4d5b-9b7e-0c3f2a1d9e01", "2025-10-01T09:00:01.250Z", "2025-10-01T09:00:01.250Z", "0.9",
           {"type": "ReferralMade", "eventId": "draft-ref-0001", "occurredAt": "2025-10-01T09:00:00Z",
            "service": "adult-social-care", "team": "front-door", "organisation": "county-council",
            "practitioner": "staff-17", "sourceSystem": "pilot-crm", "correlationId": "pilot-call-1",
            "referral": "ref-draft-1", "fromTeam": "front-door", "toTeam": "reablement-north"}),
          ("6f1c2a52-8d0e-4d5b-9b7e-0c3f2a1d9e02", "2025-10-02T10:00:02.500Z", "2025-10-02T10:00:02.500Z", None,
           {"type": "ReferralResolved", "eventId": "draft-ref-0002", "occurredAt": "2025-10-02T10:00:00Z",
            "service": "adult-social-care", "team": "reablement-north", "organisation": "county-council",
            "practitioner": "rn-0007", "sourceSystem": "pilot-crm", "correlationId": "pilot-call-1",
            "referralId": "ref-draft-1", "outcome": "ACCEPTED"}),
      ])

write("handoff-made-split-field.json",
      "HandoffMade in its 0.9 draft form, which named the receiving side in one field 'to', '<organisation>/<team>' or a "
      "team alone (1.0: 'toOrganisation' and 'toTeam'). Each row as it sits in domain_event_entry: payload and meta_data "
      "are the column's UTF-8 text, byte for byte; the chain hashes in meta_data were taken over these payloads. "
      "contentHash is an unkeyed SHA-256 of the payload.",
      "stored-0.9-handoffs", [
          ("0d7e4b9a-3c21-4f6e-8a55-6b2c9e7f1a01", "2025-10-03T11:00:01.125Z", "2025-10-03T11:00:01.125Z", "0.9",
           {"type": "HandoffMade", "eventId": "draft-handoff-0001", "occurredAt": "2025-10-03T11:00:00Z",
            "service": "adult-social-care", "team": "front-door", "organisation": "county-council",
            "practitioner": "staff-17", "sourceSystem": "pilot-crm", "fromPractitioner": "staff-17",
            "fromTeam": "front-door", "toPractitioner": "rn-0007", "to": "county-council/reablement-north"}),
          ("0d7e4b9a-3c21-4f6e-8a55-6b2c9e7f1a02", "2025-10-04T15:30:02.375Z", "2025-10-04T15:30:02.375Z", "0.9",
           {"type": "HandoffMade", "eventId": "draft-handoff-0002", "occurredAt": "2025-10-04T15:30:00Z",
            "service": "adult-social-care", "team": "reablement-north", "organisation": "county-council",
            "practitioner": "rn-0007", "sourceSystem": "pilot-crm", "fromPractitioner": "rn-0007",
            "fromTeam": "reablement-north", "to": "hospital-discharge"}),
      ])
