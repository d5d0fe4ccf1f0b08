using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using ScSession.Benchmarks.Shared;
using ScSession.Internal;

namespace ScSession.Benchmarks;

/// <summary>Group 2a: the same 11-line cart written and read by the generated serializer, STJ source-gen and STJ reflection.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SerializerBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly JsonSerializerOptions _reflection = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    private Utf8JsonWriter _writer = null!;
    private CartSession _model = null!;
    private Cart _dto = null!;
    private byte[] _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        _writer = new Utf8JsonWriter(_buffer, TrackedModel.WriterOptions);
        _model = new CartSession();
        _model.Items.AddRange(CartWork.TenLines());
        CartWork.LoadTenAddOne(_model.Items);
        _dto = new Cart { Items = _model.Items };
        _json = JsonSerializer.SerializeToUtf8Bytes(_dto, CartJsonContext.Default.Cart);
        var generated = Write(w => Generated.Write(w, _model));
        if (!generated.AsSpan().SequenceEqual(_json))
        {
            throw new InvalidOperationException("The generated serializer and STJ write different JSON:\n" +
                System.Text.Encoding.UTF8.GetString(generated) + "\n" + System.Text.Encoding.UTF8.GetString(_json));
        }
    }

    private byte[] Write(Action<Utf8JsonWriter> write)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        write(_writer);
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true, Description = "write: STJ source-gen")]
    [BenchmarkCategory("write")]
    public int WriteStjSourceGen()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, _dto, CartJsonContext.Default.Cart);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "write: generated")]
    [BenchmarkCategory("write")]
    public int WriteGenerated()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        Generated.Write(_writer, _model);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "write: STJ reflection")]
    [BenchmarkCategory("write")]
    public int WriteStjReflection()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, _dto, _reflection);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true, Description = "read: STJ source-gen")]
    [BenchmarkCategory("read")]
    public Cart? ReadStjSourceGen() => JsonSerializer.Deserialize(_json, CartJsonContext.Default.Cart);

    [Benchmark(Description = "read: generated")]
    [BenchmarkCategory("read")]
    public CartSession ReadGenerated() => Generated.Read(_json);

    [Benchmark(Description = "read: STJ reflection")]
    [BenchmarkCategory("read")]
    public Cart? ReadStjReflection() => JsonSerializer.Deserialize<Cart>(_json, _reflection);

    /// <summary>Calls the generated static members as ScSession does (through <see cref="ISessionModel{TSelf}"/>).</summary>
    private static class Generated
    {
        public static void Write<T>(Utf8JsonWriter writer, T model) where T : class, ISessionModel<T> => T.Write(writer, model);

        public static CartSession Read(byte[] json) => Read<CartSession>(json);

        private static T Read<T>(byte[] json) where T : class, ISessionModel<T>
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            return T.Read(ref reader, new SessionReadContext(T.SectionName));
        }
    }
}

/// <summary>
/// Group 2b: the cookie codec alone (format 2: XAES-256-GCM envelope + base64url), one section of the given size.
/// "decode, key not cached" reads cookies whose derived key this thread does not hold (written by other codecs with
/// the same key, as other servers or an earlier key prefix would), so every decode derives its key.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("envelope")]
public class EnvelopeBenchmarks
{
    private const int UncachedCookies = 64; // > Xaes256Gcm.CachedKeysPerThread: cycling through them always misses

    private CookieSessionCodec _codec = null!;
    private SessionEnvelope _envelope = null!;
    private string _cookie = null!;
    private string[] _uncachedCookies = null!;
    private int _nextUncached;

    [Params(256, 1024, 4096, 16384)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        _codec = new CookieSessionCodec(".scs", "Benchmarks", key, [], null);
        var now = DateTimeOffset.UtcNow;
        _envelope = new SessionEnvelope(RandomNumberGenerator.GetBytes(SessionEnvelope.SessionIdLength), now, now);
        var data = new byte[PayloadBytes - (_envelope.GetEncodedLength() + 2 + 4 + 4)];
        data.AsSpan().Fill((byte)'x');
        _envelope.Sections["cart"] = data;
        _cookie = _codec.Encode(_envelope);
        if (_codec.TryDecode(_cookie, out var decoded) != CookieDecodeStatus.Success || decoded!.Sections["cart"].Length != data.Length)
        {
            throw new InvalidOperationException("Round trip failed.");
        }

        _uncachedCookies = [.. Enumerable.Range(0, UncachedCookies).Select(_ =>
        {
            using var other = new CookieSessionCodec(".scs", "Benchmarks", key, [], null); // its own random key prefix
            return other.Encode(_envelope);
        })];
    }

    [GlobalCleanup]
    public void Cleanup() => _codec.Dispose();

    [Benchmark(Description = "encode")]
    public string Encode() => _codec.Encode(_envelope);

    [Benchmark(Description = "decode")]
    public int Decode()
    {
        _codec.TryDecode(_cookie, out var envelope);
        return envelope!.Sections.Count;
    }

    [Benchmark(Description = "decode, key not cached")]
    public int DecodeUncached()
    {
        _nextUncached = (_nextUncached + 1) % UncachedCookies;
        _codec.TryDecode(_uncachedCookies[_nextUncached], out var envelope);
        return envelope!.Sections.Count;
    }

    [Benchmark(Description = "round trip")]
    public int RoundTrip()
    {
        _codec.TryDecode(_codec.Encode(_envelope), out var envelope);
        return envelope!.Sections.Count;
    }
}
