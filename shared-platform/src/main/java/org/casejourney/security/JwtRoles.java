package org.casejourney.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The roles a token carries, read from the configured claim: a JSON list, or a string of values
 * separated by spaces or commas; {@code a.b} reads claim {@code b} inside object claim {@code a}
 * (Keycloak's client roles: {@code resource_access.<client>.roles}). Values this service does not know are ignored.
 */
final class JwtRoles implements Converter<Jwt, Collection<GrantedAuthority>> {

    private final String[] path;

    JwtRoles(String claim) {
        this.path = claim.split("\\.");
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String value : values(jwt.getClaims())) {
            Role.fromClaim(value).map(role -> new SimpleGrantedAuthority(role.authority()))
                    .filter(a -> !authorities.contains(a))
                    .ifPresent(authorities::add);
        }
        return authorities;
    }

    private List<String> values(Map<String, Object> claims) {
        Object node = claims;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return List.of();
            }
            node = map.get(key);
        }
        if (node instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return Optional.ofNullable(node).map(String::valueOf)
                .map(s -> List.of(s.split("[\\s,]+"))).orElse(List.of());
    }
}
