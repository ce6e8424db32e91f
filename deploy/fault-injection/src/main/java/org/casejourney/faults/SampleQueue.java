package org.casejourney.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** A load's samples, drained by whoever reports on them (the soak, per minute); bounded so an unread queue cannot grow forever. */
public final class SampleQueue {

    private final ConcurrentLinkedQueue<Load.Sample> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong size = new AtomicLong();

    void add(Load.Sample sample) {
        if (size.incrementAndGet() <= 2_000_000) {
            queue.add(sample);
        } else {
            size.decrementAndGet();
        }
    }

    public List<Load.Sample> drain() {
        List<Load.Sample> out = new ArrayList<>();
        Load.Sample s;
        while ((s = queue.poll()) != null) {
            size.decrementAndGet();
            out.add(s);
        }
        return out;
    }

    public List<Load.Sample> snapshot() {
        return List.copyOf(queue);
    }
}
