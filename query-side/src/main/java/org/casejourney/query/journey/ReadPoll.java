package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.casejourney.events.Pseudonyms;

import java.util.ArrayList;
import java.util.List;

/**
 * A poll's records and, when they were read ahead of their batch (a catch-up reads the next poll while the
 * database stores this one), each one as read; otherwise each is read when the batch comes to it.
 */
record ReadPoll(List<ConsumerRecord<String, String>> records, List<ReadRecord> readAhead) {

    /** Reads every record now, on the caller's thread. */
    static ReadPoll readNow(List<ConsumerRecord<String, String>> records, Pseudonyms pseudonyms) {
        List<ReadRecord> read = new ArrayList<>(records.size());
        records.forEach(record -> read.add(ReadRecord.of(record, pseudonyms)));
        return new ReadPoll(records, read);
    }

    /** Records each read when their batch comes to it. */
    static ReadPoll unread(List<ConsumerRecord<String, String>> records) {
        return new ReadPoll(records, null);
    }

    /** The record at this index as read. */
    ReadRecord read(int index, Pseudonyms pseudonyms) {
        return readAhead != null ? readAhead.get(index) : ReadRecord.of(records.get(index), pseudonyms);
    }
}
