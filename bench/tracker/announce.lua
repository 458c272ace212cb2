-- wrk load for tracker announces: each request a random torrent from the list given as the
-- script argument (one percent-encoded info hash per line), a random peer id and port,
-- compact=1, numwant=50, over keep-alive connections (wrk's default).
local hashes = {}

function init(args)
  for line in io.lines(args[1]) do hashes[#hashes + 1] = line end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

local alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

local function random_text(n)
  local out = {}
  for i = 1, n do
    local k = math.random(1, #alphabet)
    out[i] = alphabet:sub(k, k)
  end
  return table.concat(out)
end

function request()
  local path = "/announce?info_hash=" .. hashes[math.random(1, #hashes)]
    .. "&peer_id=-WR0001-" .. random_text(12)
    .. "&port=" .. math.random(1024, 65535)
    .. "&uploaded=0&downloaded=0&left=" .. math.random(0, 1) * 1000
    .. "&compact=1&numwant=50"
  return wrk.format("GET", path)
end
