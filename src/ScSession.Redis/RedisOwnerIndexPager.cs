using StackExchange.Redis;

namespace ScSession.Internal;

/// <summary>
/// Reads an owner's index (a sorted set by last seen) a page at a time by score, from the newest or the oldest end.
/// Paging by score, not by rank, so members that other requests remove or add meanwhile shift nothing: no member that
/// was there all along is skipped. Members read before are not read again (ties at the page boundary, members whose
/// score rose meanwhile).
/// </summary>
internal sealed class RedisOwnerIndexPager(IDatabase db, RedisKey index, Order order)
{
    private readonly HashSet<RedisValue> _read = [];
    private double _bound = order == Order.Descending ? double.PositiveInfinity : double.NegativeInfinity;
    private int _keptAtBound; // members read at exactly _bound that are still in the index: the next page meets them again

    /// <summary>The next at most <paramref name="take"/> members not read before; empty at the end of the index.</summary>
    public async Task<SortedSetEntry[]> NextAsync(int take)
    {
        var page = order == Order.Descending
            ? await db.SortedSetRangeByScoreWithScoresAsync(index, double.NegativeInfinity, _bound, Exclude.None, Order.Descending, 0, take + _keptAtBound).ConfigureAwait(false)
            : await db.SortedSetRangeByScoreWithScoresAsync(index, _bound, double.PositiveInfinity, Exclude.None, Order.Ascending, 0, take + _keptAtBound).ConfigureAwait(false);
        var fresh = page.Where(entry => !_read.Contains(entry.Element)).Take(take).ToArray();
        foreach (var entry in fresh)
        {
            _read.Add(entry.Element);
        }

        return fresh;
    }

    /// <summary>Tells which members of the page just read the caller removed from the index, so the next page starts right.</summary>
    public void Advance(SortedSetEntry[] page, IReadOnlySet<RedisValue> removed)
    {
        if (page.Length == 0)
        {
            return;
        }

        var last = page[^1].Score;
        var keptAtLast = page.Count(entry => entry.Score == last && !removed.Contains(entry.Element));
        _keptAtBound = last == _bound ? _keptAtBound + keptAtLast : keptAtLast;
        _bound = last;
    }
}
