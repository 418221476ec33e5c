-- GET /api/v1/contacts?stage=CUSTOMER&limit=50, following nextCursor for up to 5 pages, then from the start.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local headers = common.headers()
local cursor, page = nil, 0
function request()
  local path = "/api/v1/contacts?stage=CUSTOMER&limit=50"
  if cursor then path = path .. "&cursor=" .. cursor end
  return wrk.format("GET", path, headers)
end
function response(status, hdrs, body)
  local next = body and body:match('"nextCursor":"([^"]+)"')
  page = page + 1
  if next and page < 5 then cursor = next else cursor, page = nil, 0 end
end
done = common.done("list")
