-- wrk script: each request records a new ContactRecorded for one of 200 people per wrk thread.
-- TOKEN must hold a recorder token (java -jar deploy/standalone/target/casejourney-standalone.jar token --role recorder);
-- PREFIX makes the ids of one run unique (use a new one per run).
--   TOKEN=... PREFIX=run1 wrk -t4 -c32 -d30s --latency -s deploy/standalone/wrk/single-events.lua http://localhost:8080
local counter = 0
local tid = 0
setup = function(thread)
  thread:set("tid", tid)
  tid = tid + 1
end
init = function(args)
  token = os.getenv("TOKEN")
  prefix = os.getenv("PREFIX") or "wrk"
end
request = function()
  counter = counter + 1
  local person = prefix .. "-p" .. tid .. "-" .. (counter % 200)
  local id = prefix .. "-" .. tid .. "-" .. counter
  local body = '{"type":"ContactRecorded","eventId":"' .. id .. '","occurredAt":"2026-03-02T09:30:00Z",'
    .. '"service":"adult-social-care","team":"front-door","practitioner":"staff-17","channel":"PHONE",'
    .. '"demandType":"FAILURE","failureCategory":"PROGRESS_CHASING","whatMatters":"Knowing when someone will come",'
    .. '"durationMinutes":12}'
  return wrk.format("POST", "/api/v1/persons/" .. person .. "/events",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
response = function(status, headers, body)
  if status ~= 201 and status ~= 200 and not printed then
    print("status " .. status .. " " .. body)
    printed = true
  end
end
