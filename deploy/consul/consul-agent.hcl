# Minimal client-agent settings for a machine that runs OctoMesh bridges.
# (Join it to your servers as usual: retry_join, encrypt, TLS.)
datacenter = "dc1"
data_dir   = "/opt/consul"

# The bridge talks to its local agent only.
client_addr = "127.0.0.1"

# The TTL check's Output carries the bridge's stress. Consul defers syncing
# output-only changes to the servers for check_update_interval (default 5m), so
# other bridges would see stale stress. 15s keeps stress fresh without a raft
# write per heartbeat; "0s" syncs every change.
check_update_interval = "15s"

acl {
  enabled                  = true
  default_policy           = "deny"
  enable_token_persistence = true
}
