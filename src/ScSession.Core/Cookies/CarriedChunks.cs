using System.Globalization;

namespace ScSession.Internal;

/// <summary>
/// The chunk cookies (<c>nameC1</c>…) a request actually carried, as a set of indices from 1 to
/// <c>MaxCookieChunks</c> (at most 50, so a bit mask). A response expires only these: what it does is bounded by
/// the cookies sent, never by a chunk count the client claims.
/// </summary>
internal readonly struct CarriedChunks : IEquatable<CarriedChunks>
{
    /// <summary>The largest index a set can hold; <c>MaxCookieChunks</c> is validated to stay below it.</summary>
    public const int MaxIndex = 63;

    private readonly ulong _bits;

    private CarriedChunks(ulong bits) => _bits = bits;

    public bool IsEmpty => _bits == 0;

    public int Count => System.Numerics.BitOperations.PopCount(_bits);

    public bool Contains(int index) => index is > 0 and <= MaxIndex && (_bits & (1UL << index)) != 0;

    public CarriedChunks With(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, MaxIndex);
        return new CarriedChunks(_bits | (1UL << index));
    }

    /// <summary>True when the set holds an index greater than <paramref name="index"/>.</summary>
    public bool AnyAbove(int index) => index < MaxIndex && (_bits >> (index + 1)) != 0;

    /// <summary>The indices in ascending order.</summary>
    public Enumerator GetEnumerator() => new(_bits);

    /// <summary>
    /// The chunk index of <paramref name="cookieName"/> when it is <c>{name}C{n}</c> with 1 ≤ n ≤ <paramref name="maxChunks"/>
    /// written as ASP.NET writes it (no sign, no leading zero); otherwise 0.
    /// </summary>
    public static int ChunkIndex(ReadOnlySpan<char> cookieName, string name, int maxChunks)
    {
        if (maxChunks < 1 || cookieName.Length < name.Length + 2 || cookieName.Length > name.Length + 3
            || cookieName[name.Length] != 'C' || !cookieName.StartsWith(name, StringComparison.Ordinal))
        {
            return 0;
        }

        var digits = cookieName[(name.Length + 1)..];
        if (digits[0] == '0' || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return 0;
        }

        return index <= Math.Min(maxChunks, MaxIndex) ? index : 0;
    }

    public bool Equals(CarriedChunks other) => _bits == other._bits;

    public override bool Equals(object? obj) => obj is CarriedChunks other && Equals(other);

    public override int GetHashCode() => _bits.GetHashCode();

    public static bool operator ==(CarriedChunks left, CarriedChunks right) => left.Equals(right);

    public static bool operator !=(CarriedChunks left, CarriedChunks right) => !left.Equals(right);

    /// <summary>Walks the set bits from the lowest.</summary>
    public struct Enumerator(ulong bits)
    {
        private ulong _remaining = bits;

        public int Current { get; private set; }

        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            Current = System.Numerics.BitOperations.TrailingZeroCount(_remaining);
            _remaining &= _remaining - 1;
            return true;
        }
    }
}
