package org.casejourney.command.personaldata;

import org.casejourney.command.platform.CaseJourneyProperties;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The master keys that wrap the people's data keys, from configuration only
 * ({@code casejourney.personal-data.master-keys}: {@code id:base64,id2:base64}, each 32 bytes).
 * New keys are wrapped by the active one; the others stay until rotation has rewrapped every key.
 */
@Component
class MasterKeys {

    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final String activeId;

    MasterKeys(CaseJourneyProperties properties) {
        CaseJourneyProperties.PersonalData config = properties.personalData();
        String list = config.masterKeys();
        if (list == null || list.isBlank()) {
            throw new IllegalStateException("casejourney.personal-data.master-keys (CASEJOURNEY_PERSONALDATA_MASTERKEYS) is not set: "
                    + "give at least one 'id:base64' master key of 32 random bytes, e.g. from 'openssl rand -base64 32'");
        }
        for (String entry : list.split(",")) {
            String[] parts = entry.trim().split(":", 2);
            byte[] bytes;
            try {
                bytes = parts.length == 2 ? Base64.getDecoder().decode(parts[1].trim()) : new byte[0];
            } catch (IllegalArgumentException e) {
                bytes = new byte[0];
            }
            if (parts.length != 2 || !parts[0].trim().matches("[A-Za-z0-9._-]{1,64}") || bytes.length != 32) {
                throw new IllegalStateException("casejourney.personal-data.master-keys: each entry is 'id:base64' with an id of "
                        + "1-64 of [A-Za-z0-9._-] and a base64 key of exactly 32 bytes (entry " + (keys.size() + 1) + " is not)");
            }
            keys.put(parts[0].trim(), new SecretKeySpec(bytes, "AES"));
        }
        String active = config.activeMasterKey();
        this.activeId = active == null || active.isBlank() ? keys.keySet().iterator().next() : active.trim();
        if (!keys.containsKey(activeId)) {
            throw new IllegalStateException("casejourney.personal-data.active-master-key '" + activeId + "' is not among the master keys");
        }
    }

    String activeId() {
        return activeId;
    }

    SecretKey active() {
        return keys.get(activeId);
    }

    /** The master key with this id, or null when it is no longer configured. */
    SecretKey get(String id) {
        return keys.get(id);
    }
}
