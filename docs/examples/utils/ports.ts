/**
 * A free loopback port, for the tests that start a server in another process (or hand a
 * port to a layer that does not report the one it bound).
 */
import * as net from "node:net"

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer()
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
