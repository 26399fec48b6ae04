#!/usr/bin/env bash
# End-to-end test of TLS: casehub refuses to listen beyond loopback without
# it; with a certificate it serves TLS only; people log in over it with
# tokens, and an integration authenticates with a client certificate its
# principal names instead — while a certificate from another CA is refused.
# The certificates are made here with the openssl command.
#   tls_test.sh CASEHUB CASECTL CONFIG
set -euo pipefail

casehub=$1
casectl=$2
config=$3
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
logs+=("$work/openssl.log")

# make_ca NAME; make_cert NAME CA CN [SAN]: keys and certificates in $work.
make_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$1" \
    -keyout "$work/$1.key" -out "$work/$1.pem" >>"$work/openssl.log" 2>&1
}
make_cert() {
  local extensions=()
  [[ -n ${4:-} ]] && extensions=(-addext "subjectAltName=$4")
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$3" "${extensions[@]}" \
    -keyout "$work/$1.key" -out "$work/$1.csr" >>"$work/openssl.log" 2>&1
  openssl x509 -req -in "$work/$1.csr" -CA "$work/$2.pem" -CAkey "$work/$2.key" \
    -CAcreateserial -days 2 -copy_extensions copy -out "$work/$1.pem" >>"$work/openssl.log" 2>&1
}
make_ca network-ca
make_ca stranger-ca
make_cert server network-ca casehub.test "DNS:casehub.test,IP:127.0.0.1"
make_cert lis network-ca lis.jc-hub
make_cert impostor stranger-ca lis.jc-hub
chmod 600 "$work"/*.key

# No TLS and a port other machines can reach: refused, naming the setting.
if "$casehub" --config "$config" --data-dir "$work/plain" --listen 0.0.0.0:0 \
  >"$work/plain.log" 2>&1; then
  fail "casehub listened on 0.0.0.0 without TLS"
fi
grep -q "tls" "$work/plain.log" || fail "the refusal does not name tls: $(cat "$work/plain.log")"

cp "$config" "$work/tls.textproto"
cat >>"$work/tls.textproto" <<TLS
tls {
  cert_file: "$work/server.pem"
  key_file: "$work/server.key"
  client_ca_file: "$work/network-ca.pem"
}
TLS
add_e2e_principal "$work/tls.textproto" "$work/data"
"$casehub" --config "$work/tls.textproto" --data-dir "$work/data" --add-principal lis \
  --site jc-hub --roles integration --certificate-subject lis.jc-hub </dev/null \
  >>"$work/server.log" 2>&1 || fail "cannot add the integration principal"
# start_hub logs in without TLS options; here casectl needs them, so it is
# left out and login happens below.
saved_casectl=$casectl
unset casectl
start_hub "$work/tls.textproto" "$work/data"
casectl=$saved_casectl
tls=("$casectl" --server "127.0.0.1:$port" --timeout 10 --tls-ca "$work/network-ca.pem"
     --tls-server-name casehub.test)

if "$casectl" --server "127.0.0.1:$port" --token-file "$work/token" --timeout 3 sites list \
  >/dev/null 2>&1; then
  fail "a plaintext client was served"
fi
"${tls[@]}" --token-file "$work/token" login --user e2e <"$password_file" >/dev/null ||
  fail "login over TLS failed"
"${tls[@]}" --token-file "$work/token" sites list | grep -q "qs-county" ||
  fail "sites list over TLS failed"

# The laboratory system: no token, its certificate instead.
lis=("${tls[@]}" --token-file "$work/no-token" --tls-cert "$work/lis.pem" --tls-key "$work/lis.key")
patient=$("${lis[@]}" --json patients register --name 钱进 --birth-date 1970-03-03 --sex male |
  json_field id)
[[ $patient =~ ^p[0-9a-z]{12}$ ]] || fail "the integration could not register a patient"
"${lis[@]}" whoami | grep -q "lis" || fail "whoami does not name the integration"
# What its role does not allow stays refused.
if "${lis[@]}" tasks list 2>"$work/err"; then fail "the integration read a worklist"; fi
grep -q "PERMISSION_DENIED" "$work/err" || fail "worklist as integration: $(cat "$work/err")"

# The same name from another CA does not get in.
if "${tls[@]}" --token-file "$work/no-token" --tls-cert "$work/impostor.pem" \
  --tls-key "$work/impostor.key" whoami >/dev/null 2>&1; then
  fail "a certificate from an unknown CA was accepted"
fi

stop_hub
echo "e2e tls: ok"
