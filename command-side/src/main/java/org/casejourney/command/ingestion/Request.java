package org.casejourney.command.ingestion;

/** One item with the provenance of the request that carried it: requests written together may differ. */
record Request(Item item, Provenance provenance) {
}
