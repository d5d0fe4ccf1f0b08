using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace ScSession.Internal;

/// <summary>
/// The session as stored: format version, session ID, created-at, last-seen-at and one raw section per model.
/// Sections stay as raw bytes (slices of the decoded payload) until their model is first read.
/// </summary>
/// <remarks>
/// Binary layout, all integers little-endian:
/// <code>
/// byte    format version (1)
/// byte[32] session ID
/// int64   created-at, Unix milliseconds
/// int64   last-seen-at, Unix milliseconds
/// repeated until the end: uint16 name length, name (UTF-8), int32 data length, data
/// </code>
/// </remarks>
internal sealed class SessionEnvelope
{
    public const byte FormatVersion = 1;
    public const int SessionIdLength = 32;
    private const int HeaderLength = 1 + SessionIdLength + 8 + 8;
    private const int MaxSectionNameBytes = 256;

    public SessionEnvelope(byte[] sessionId, DateTimeOffset createdAt, DateTimeOffset lastSeenAt)
    {
        _sessionId = sessionId;
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
    }

    private byte[] _sessionId;
    private string? _publicId;

    /// <summary>The secret session ID: 256 random bits. Never logged; with a server store it is the cookie's value.</summary>
    public byte[] SessionId
    {
        get => _sessionId;
        set
        {
            _sessionId = value;
            _publicId = null;
        }
    }

    /// <summary>The session's public identifier (see <see cref="PublicIdOf"/>), computed once per ID.</summary>
    public string PublicId => _publicId ??= PublicIdOf(_sessionId);

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public Dictionary<string, ReadOnlyMemory<byte>> Sections { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The stored version of each section, from a store that keeps them (<see cref="SessionConcurrency.Optimistic"/>);
    /// a section without one does not exist in the store yet, or was last written by this request without a check.
    /// </summary>
    public IReadOnlyDictionary<string, long>? Versions { get; set; }

    /// <summary>
    /// After a save of <paramref name="written"/>: a section checked at version n is now at n + 1; one written without a
    /// check has a version this request no longer knows.
    /// </summary>
    public void RecordWritten(IEnumerable<string> written, IReadOnlyDictionary<string, long>? expected)
    {
        if (expected is null && (Versions is null || !written.Any(Versions.ContainsKey)))
        {
            return; // nothing checked, and no known version to forget: the usual last-write-wins save copies nothing
        }

        // Copied, not changed in place: the store may have handed out its own (read-only) versions.
        var versions = Versions is null ? new Dictionary<string, long>(StringComparer.Ordinal) : new Dictionary<string, long>(Versions, StringComparer.Ordinal);
        foreach (var name in written)
        {
            if (expected is not null && expected.TryGetValue(name, out var version))
            {
                versions[name] = version + 1;
            }
            else
            {
                versions.Remove(name);
            }
        }

        Versions = versions;
    }

    /// <summary>
    /// Replaces <paramref name="section"/> and its version with what the store holds now (<paramref name="stored"/>; null
    /// when the session is gone): an exclusive model read again once its lease is held, since the session was loaded
    /// before another request's save of it. The other sections keep what this request read.
    /// </summary>
    public void Refresh(string section, StoredSession? stored)
    {
        if (stored is not null && stored.Sections.TryGetValue(section, out var data))
        {
            Sections[section] = data;
        }
        else
        {
            Sections.Remove(section);
        }

        long? version = stored is not null && stored.SectionVersions.TryGetValue(section, out var v) ? v : null;
        long? known = Versions is not null && Versions.TryGetValue(section, out var k) ? k : null;
        if (version != known)
        {
            // Copied, not changed in place, as in RecordWritten.
            var versions = Versions is null ? new Dictionary<string, long>(StringComparer.Ordinal) : new Dictionary<string, long>(Versions, StringComparer.Ordinal);
            if (version is { } current)
            {
                versions[section] = current;
            }
            else
            {
                versions.Remove(section);
            }

            Versions = versions;
        }
    }

    /// <summary>The bytes of section data the session holds (what a server store keeps, names and framing aside).</summary>
    public int DataLength
    {
        get
        {
            var length = 0;
            foreach (var data in Sections.Values)
            {
                length += data.Length;
            }

            return length;
        }
    }

    /// <summary>
    /// The public identifier of a secret session ID: its SHA-256 hash in base64url. Safe to log and hand to events, and
    /// the server-store key, so the secret ID itself is never exposed.
    /// </summary>
    public static string PublicIdOf(byte[] sessionId) => Base64Url.EncodeToString(SHA256.HashData(sessionId));

    /// <summary>A new secret session ID: 256 bits from the operating system's cryptographic random generator.</summary>
    public static byte[] NewSessionId() => RandomNumberGenerator.GetBytes(SessionIdLength);

    public int GetEncodedLength()
    {
        var length = HeaderLength;
        foreach (var (name, data) in Sections)
        {
            length += 2 + Encoding.UTF8.GetByteCount(name) + 4 + data.Length;
        }

        return length;
    }

    public void WriteTo(IBufferWriter<byte> output)
    {
        var length = GetEncodedLength();
        output.Advance(WriteTo(output.GetSpan(length)));
    }

    /// <summary>Writes the envelope to <paramref name="destination"/>, at least <see cref="GetEncodedLength"/> bytes long; returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        destination[0] = FormatVersion;
        SessionId.CopyTo(destination[1..]);
        BinaryPrimitives.WriteInt64LittleEndian(destination[(1 + SessionIdLength)..], CreatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(destination[(1 + SessionIdLength + 8)..], LastSeenAt.ToUnixTimeMilliseconds());
        var offset = HeaderLength;

        foreach (var (name, data) in Sections)
        {
            var span = destination[offset..];
            var nameLength = Encoding.UTF8.GetBytes(name, span[2..]);
            BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)nameLength));
            BinaryPrimitives.WriteInt32LittleEndian(span[(2 + nameLength)..], data.Length);
            data.Span.CopyTo(span[(2 + nameLength + 4)..]);
            offset += 2 + nameLength + 4 + data.Length;
        }

        return offset;
    }

    /// <summary>Parses an envelope; the sections are slices of <paramref name="payload"/>, which must not be reused.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> payload, [NotNullWhen(true)] out SessionEnvelope? envelope)
    {
        envelope = null;
        var span = payload.Span;
        if (span.Length < HeaderLength || span[0] != FormatVersion)
        {
            return false;
        }

        long created = BinaryPrimitives.ReadInt64LittleEndian(span[(1 + SessionIdLength)..]);
        long lastSeen = BinaryPrimitives.ReadInt64LittleEndian(span[(1 + SessionIdLength + 8)..]);
        const long MaxUnixMs = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
        if (created is < 0 or > MaxUnixMs || lastSeen is < 0 or > MaxUnixMs)
        {
            return false;
        }

        var result = new SessionEnvelope(
            span.Slice(1, SessionIdLength).ToArray(),
            DateTimeOffset.FromUnixTimeMilliseconds(created),
            DateTimeOffset.FromUnixTimeMilliseconds(lastSeen));

        var offset = HeaderLength;
        while (offset < span.Length)
        {
            if (span.Length - offset < 2)
            {
                return false;
            }

            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
            offset += 2;
            if (nameLength > MaxSectionNameBytes || span.Length - offset < nameLength + 4)
            {
                return false;
            }

            if (!TryGetSectionName(span.Slice(offset, nameLength), out var name))
            {
                return false;
            }

            offset += nameLength;
            var dataLength = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
            offset += 4;
            if (dataLength < 0 || span.Length - offset < dataLength)
            {
                return false;
            }

            result.Sections[name] = payload.Slice(offset, dataLength);
            offset += dataLength;
        }

        envelope = result;
        return true;
    }

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Section names seen before (ASCII, a few per application): parsing reuses the string instead of allocating one per request.</summary>
    private static string[] s_knownNames = [];
    private const int MaxKnownNames = 64;

    private static bool TryGetSectionName(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out string? name)
    {
        var known = Volatile.Read(ref s_knownNames);
        foreach (var candidate in known)
        {
            if (candidate.Length == utf8.Length && Ascii.Equals(utf8, candidate))
            {
                name = candidate;
                return true;
            }
        }

        try
        {
            name = s_strictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            name = null;
            return false;
        }

        if (known.Length < MaxKnownNames && Ascii.IsValid(utf8))
        {
            // A lost race only means a name is cached twice or once less; the array is never changed in place.
            Volatile.Write(ref s_knownNames, [.. known, name]);
        }

        return true;
    }
}
