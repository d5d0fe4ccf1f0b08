using System.Security.Cryptography;
using System.Text;
using ScSession.Internal;

namespace ScSession.Core.Tests;

public class SessionEnvelopeTests
{
    private static byte[] Encode(SessionEnvelope envelope)
    {
        using var buffer = new PooledBufferWriter(16);
        envelope.WriteTo(buffer);
        Assert.Equal(envelope.GetEncodedLength(), buffer.WrittenCount);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Round_trips_header_and_sections()
    {
        var envelope = new SessionEnvelope(RandomNumberGenerator.GetBytes(32), DateTimeOffset.FromUnixTimeMilliseconds(1), DateTimeOffset.FromUnixTimeMilliseconds(2));
        envelope.Sections["ümlaut section"] = Encoding.UTF8.GetBytes("{}");
        envelope.Sections["empty"] = Array.Empty<byte>();
        envelope.Sections["big"] = RandomNumberGenerator.GetBytes(10_000);

        Assert.True(SessionEnvelope.TryParse(Encode(envelope), out var parsed));

        Assert.Equal(envelope.SessionId, parsed.SessionId);
        Assert.Equal(envelope.CreatedAt, parsed.CreatedAt);
        Assert.Equal(envelope.LastSeenAt, parsed.LastSeenAt);
        Assert.Equal(3, parsed.Sections.Count);
        foreach (var (name, data) in envelope.Sections)
        {
            Assert.Equal(data.ToArray(), parsed.Sections[name].ToArray());
        }
    }

    [Fact]
    public void Every_truncation_is_refused_or_parses_fewer_sections()
    {
        var envelope = new SessionEnvelope(new byte[32], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        envelope.Sections["a"] = Encoding.UTF8.GetBytes("{\"x\":1}");
        envelope.Sections["b"] = Encoding.UTF8.GetBytes("{\"y\":2}");
        var bytes = Encode(envelope);

        for (var length = 0; length < bytes.Length; length++)
        {
            if (SessionEnvelope.TryParse(bytes.AsMemory(0, length), out var parsed))
            {
                // Only a cut exactly between two sections parses, and then the section is missing, never partial.
                Assert.True(parsed.Sections.Count < 2);
                Assert.All(parsed.Sections, s => Assert.Equal(envelope.Sections[s.Key].ToArray(), s.Value.ToArray()));
            }
        }
    }

    [Fact]
    public void Unknown_format_version_is_refused()
    {
        var bytes = Encode(new SessionEnvelope(new byte[32], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
        bytes[0] = 99;

        Assert.False(SessionEnvelope.TryParse(bytes, out _));
    }
}
