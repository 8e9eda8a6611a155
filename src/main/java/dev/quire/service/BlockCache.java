package dev.quire.service;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks of rows recently read from the spill store, shared by every table of a store and bounded
 * by an estimate of their heap size; the least recently used go first.
 */
final class BlockCache {

    record Key(long table, long block) {
    }

    record Block(List<Object[]> rows, long bytes) {
    }

    private final long capacity;
    private final LinkedHashMap<Key, Block> blocks = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    BlockCache(long capacityBytes) {
        this.capacity = capacityBytes;
    }

    synchronized Block get(Key key) {
        return blocks.get(key);
    }

    synchronized void put(Key key, List<Object[]> rows) {
        Block block = new Block(rows, estimate(rows));
        Block old = blocks.put(key, block);
        bytes += block.bytes() - (old == null ? 0 : old.bytes());
        Iterator<Map.Entry<Key, Block>> eldest = blocks.entrySet().iterator();
        while (bytes > capacity && blocks.size() > 1) {
            bytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
    }

    synchronized void forget(long table) {
        Iterator<Map.Entry<Key, Block>> it = blocks.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Block> entry = it.next();
            if (entry.getKey().table() == table) {
                bytes -= entry.getValue().bytes();
                it.remove();
            }
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Roughly what the rows hold on the heap: arrays, boxes, compact strings and byte arrays. */
    static long estimate(List<Object[]> rows) {
        long total = 64;
        for (Object[] row : rows) {
            total += 16 + 8L * row.length;
            for (Object cell : row) {
                if (cell instanceof String s) {
                    total += 40 + s.length();
                } else if (cell instanceof byte[] b) {
                    total += 16 + b.length;
                } else if (cell != null) {
                    total += 16;
                }
            }
        }
        return total;
    }
}
