using System.Buffers.Binary;
using System.Net.Security;
using Fulcrum.L4.Tls;

namespace Fulcrum.Tests.L4;

public class ClientHelloParserTests
{
    [Theory]
    [InlineData("db.example.com")]
    [InlineData("a.test")]
    public async Task Parse_RealClientHello_FindsServerName(string serverName)
    {
        var hello = await CaptureClientHelloAsync(serverName);

        var result = ClientHelloParser.Parse(hello);

        Assert.Equal(ClientHelloStatus.Parsed, result.Status);
        Assert.Equal(serverName, result.ServerName);
    }

    [Fact]
    public async Task Parse_ClientHelloWithoutSni_ParsedWithNoName()
    {
        // SslStream sends no SNI for an IP address target.
        var hello = await CaptureClientHelloAsync("127.0.0.1");

        var result = ClientHelloParser.Parse(hello);

        Assert.Equal(ClientHelloStatus.Parsed, result.Status);
        Assert.Null(result.ServerName);
    }

    [Fact]
    public async Task Parse_EveryShorterPrefix_Incomplete()
    {
        var hello = await CaptureClientHelloAsync("db.example.com");

        for (var length = 0; length < hello.Length; length++)
        {
            Assert.Equal(ClientHelloStatus.Incomplete, ClientHelloParser.Parse(hello.AsSpan(0, length)).Status);
        }
    }

    [Fact]
    public async Task Parse_SplitOverSegments_SameAsContiguous()
    {
        var hello = await CaptureClientHelloAsync("db.example.com");

        var result = ClientHelloParser.Parse(Segments.Split(hello, 100));

        Assert.Equal("db.example.com", result.ServerName);
    }

    [Fact]
    public async Task Parse_FragmentedOverTwoRecords_Reassembled()
    {
        var hello = await CaptureClientHelloAsync("db.example.com");
        var payload = hello.AsSpan(5, BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(3))).ToArray();
        var cut = payload.Length / 2;
        byte[] fragmented =
        [
            22, 3, 1, (byte)(cut >> 8), (byte)cut, .. payload.AsSpan(0, cut),
            22, 3, 1, (byte)((payload.Length - cut) >> 8), (byte)(payload.Length - cut), .. payload.AsSpan(cut),
        ];

        var result = ClientHelloParser.Parse(fragmented);

        Assert.Equal(ClientHelloStatus.Parsed, result.Status);
        Assert.Equal("db.example.com", result.ServerName);
    }

    [Theory]
    [InlineData(new byte[] { 0x47, 0x45, 0x54, 0x20 })]
    [InlineData(new byte[] { 22, 2, 0, 0, 10 })]
    [InlineData(new byte[] { 22, 3, 1, 0, 0 })]
    [InlineData(new byte[] { 22, 3, 1, 0, 10, 2, 0, 0, 6 })]
    [InlineData(new byte[] { 22, 3, 1, 0, 2, 1, 0 })]
    public void Parse_NotAClientHello_Invalid(byte[] input)
    {
        var result = ClientHelloParser.Parse(input);

        Assert.Equal(ClientHelloStatus.Invalid, result.Status);
        Assert.NotNull(result.Error);
    }

    /// <summary>Random bytes and corrupted real ClientHellos: never an exception, Incomplete only below the maximum length.</summary>
    [Fact]
    public async Task Parse_RandomInput_NeverThrowsAndStaysBounded()
    {
        var hello = await CaptureClientHelloAsync("fuzz.example.com");
        var random = new Random(20261201);
        for (var i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 600)];
                random.NextBytes(input);
                if (input.Length > 0 && random.Next(2) == 0)
                {
                    input[0] = 22;
                }
            }
            else
            {
                input = [.. hello];
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }
            }

            var result = ClientHelloParser.Parse(input);

            Assert.True(result.Status != ClientHelloStatus.Incomplete || input.Length < ClientHelloParser.MaxLength);
            Assert.True(result.Status != ClientHelloStatus.Invalid || result.Error is not null);
        }

        var huge = new byte[ClientHelloParser.MaxLength + 10];
        huge[0] = 22;
        huge[1] = 3;
        for (var offset = 0; offset + 6 <= huge.Length; offset += 6)
        {
            // One-byte records forever: the reassembly must give up at the maximum length.
            huge[offset] = 22;
            huge[offset + 1] = 3;
            huge[offset + 4] = 1;
            huge[offset + 5] = offset == 0 ? (byte)1 : (byte)0;
        }

        Assert.NotEqual(ClientHelloStatus.Incomplete, ClientHelloParser.Parse(huge).Status);
    }

    /// <summary>The first flight of a real <see cref="SslStream"/> client: its ClientHello.</summary>
    internal static async Task<byte[]> CaptureClientHelloAsync(string serverName)
    {
        var capture = new CaptureStream();
        await using var tls = new SslStream(capture);
        await Assert.ThrowsAnyAsync<Exception>(() => tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }));
        return capture.Written.ToArray();
    }

    /// <summary>Keeps what is written; a read fails, which ends the handshake after the ClientHello.</summary>
    private sealed class CaptureStream : Stream
    {
        public MemoryStream Written { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("capture only");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("capture only"));

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
