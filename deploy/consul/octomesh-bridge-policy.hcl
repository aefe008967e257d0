# ACL policy for an OctoMesh bridge's token.
#   consul acl policy create -name octomesh-bridge -rules @octomesh-bridge-policy.hcl
#   consul acl token create -description "octomesh bridge eu-1" -policy-name octomesh-bridge

# Register / deregister itself and refresh its TTL check (agent/service/register,
# agent/service/deregister, agent/check/update all need service:write).
service "octomesh-bridge" {
  policy = "write"
}

# Health results are filtered by node:read as well as service:read: without this the
# watch comes back empty with X-Consul-Results-Filtered-By-ACLs: true.
node_prefix "" {
  policy = "read"
}
