#!/bin/sh
# The Compose system's secrets and its stand-in identity provider, run in the one-shot service "keys".
#   keys.sh init          makes every secret once, in the volume mounted at /run/casejourney (kept across restarts)
#   keys.sh token ROLE    prints a bearer token for ROLE (recorder, analyst, auditor, admin), valid 12 hours
# Nothing secret is in the repository: passwords and keys are random, made on the first "up".
set -eu
DIR=/run/casejourney
ISSUER=casejourney-compose
AUDIENCE=casejourney
KID=compose-1

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
secret() { openssl rand -hex 32; }
# one file per setting: Spring Boot reads each directory as a config tree (SPRING_CONFIG_IMPORT=configtree:...),
# the file's name being the property's
put() { printf '%s' "$2" > "$1"; chmod 0444 "$1"; }

init() {
    if [ -f "$DIR/.complete" ]; then
        echo "keys: already made in $DIR"
        return 0
    fi
    command -v openssl > /dev/null || apk add --no-cache openssl > /dev/null
    mkdir -p "$DIR/private" "$DIR/db" "$DIR/grafana" "$DIR/command" "$DIR/query"
    chmod 0700 "$DIR/private"
    chmod 0755 "$DIR" "$DIR/db" "$DIR/grafana" "$DIR/command" "$DIR/query"
    # RS256 signing key; the apps get only the public half as a JWK set
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DIR/private/signing.pem" 2> /dev/null
    # the modulus of a 2048-bit key sits at bytes 33-288 of its DER SubjectPublicKeyInfo; the exponent is 65537
    n=$(openssl rsa -in "$DIR/private/signing.pem" -pubout -outform DER 2> /dev/null | tail -c +34 | head -c 256 | b64url)
    jwks="{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"$KID\",\"n\":\"$n\",\"e\":\"AQAB\"}]}"
    for role in postgres owner command query; do put "$DIR/db/$role.password" "$(secret)"; done
    put "$DIR/grafana/admin.password" "$(secret)"
    pseudonyms=$(secret)
    master="compose-1:$(openssl rand -base64 32)"
    owner=$(cat "$DIR/db/owner.password")
    put "$DIR/command/spring.datasource.password" "$(cat "$DIR/db/command.password")"
    put "$DIR/command/spring.flyway.password" "$owner"
    put "$DIR/command/casejourney.pseudonyms.secret" "$pseudonyms"
    put "$DIR/command/casejourney.personal-data.master-keys" "$master"
    put "$DIR/command/casejourney.security.jwt.jwk-set" "$jwks"
    put "$DIR/query/spring.datasource.password" "$(cat "$DIR/db/query.password")"
    put "$DIR/query/spring.flyway.password" "$owner"
    put "$DIR/query/casejourney.pseudonyms.secret" "$pseudonyms"
    put "$DIR/query/casejourney.security.jwt.jwk-set" "$jwks"
    touch "$DIR/.complete"
    echo "keys: made in $DIR"
}

token() {
    role=${1:?usage: keys.sh token recorder|analyst|auditor|admin}
    command -v openssl > /dev/null || apk add --no-cache openssl > /dev/null
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT","kid":"%s"}' "$KID" | b64url)
    payload=$(printf '{"iss":"%s","aud":"%s","sub":"%s-compose","iat":%s,"exp":%s,"casejourney_roles":["%s"]}' \
        "$ISSUER" "$AUDIENCE" "$role" "$now" "$((now + 43200))" "$role" | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$DIR/private/signing.pem" | b64url)
    printf '%s.%s.%s\n' "$header" "$payload" "$signature"
}

case "${1:-}" in
    init) init ;;
    token) shift; token "$@" ;;
    *) echo "usage: keys.sh init | keys.sh token ROLE" >&2; exit 64 ;;
esac
