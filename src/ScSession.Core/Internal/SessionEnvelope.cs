using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
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
        SessionId = sessionId;
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
    }

    public byte[] SessionId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public Dictionary<string, ReadOnlyMemory<byte>> Sections { get; } = new(StringComparer.Ordinal);

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
        var header = output.GetSpan(HeaderLength);
        header[0] = FormatVersion;
        SessionId.CopyTo(header[1..]);
        BinaryPrimitives.WriteInt64LittleEndian(header[(1 + SessionIdLength)..], CreatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(header[(1 + SessionIdLength + 8)..], LastSeenAt.ToUnixTimeMilliseconds());
        output.Advance(HeaderLength);

        foreach (var (name, data) in Sections)
        {
            var nameLength = Encoding.UTF8.GetByteCount(name);
            var span = output.GetSpan(2 + nameLength + 4);
            BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)nameLength));
            Encoding.UTF8.GetBytes(name, span[2..]);
            BinaryPrimitives.WriteInt32LittleEndian(span[(2 + nameLength)..], data.Length);
            output.Advance(2 + nameLength + 4);
            output.Write(data.Span);
        }
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

            string name;
            try
            {
                name = s_strictUtf8.GetString(span.Slice(offset, nameLength));
            }
            catch (DecoderFallbackException)
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
}
