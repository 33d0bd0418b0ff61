'use strict'
// A minimal Lambda custom runtime (the Runtime API over HTTP) running the sample's placeOrder
// statements through the npm serverless-mysql module, used the way its README says: one module
// instance per container, mysql.end() at the end of every invocation.
const http = require('http')

// USED_CONNS_FREQ (ms) turns the module's usage cache on (the node-cache kind); unset, its default 0.
const mysql = require('serverless-mysql')({
  library: require('mysql2'),
  ...(process.env.USED_CONNS_FREQ ? { usedConnsFreq: Number(process.env.USED_CONNS_FREQ) } : {}),
  config: {
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT),
    database: process.env.DB_NAME,
    user: process.env.DB_USER,
    password: process.env.DB_PASSWORD
  }
})

const [apiHost, apiPort] = process.env.AWS_LAMBDA_RUNTIME_API.split(':')
const PREFIX = '/2018-06-01/runtime'
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

function call (method, path, body) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: apiHost, port: Number(apiPort), method, path: PREFIX + path, agent,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
    response => {
      const chunks = []
      response.on('data', chunk => chunks.push(chunk))
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    request.on('error', reject)
    if (body !== undefined) request.write(body)
    request.end()
  })
}

// The same statement list as the light Java kinds (PlaceOrder.STATEMENTS): START TRANSACTION,
// the insert with the idempotency key, SELECT id, total of the row (the committed one when the key
// was taken), COMMIT.
async function placeOrder (event) {
  const total = (Number(event.unitPrice) * event.quantity).toFixed(2)
  await mysql.query('START TRANSACTION')
  try {
    let status = 'placed'
    let rows
    try {
      const inserted = await mysql.query(
        'INSERT INTO orders (idempotency_key, customer, item, quantity, unit_price, total) VALUES (?, ?, ?, ?, ?, ?)',
        [event.idempotencyKey, event.customer, event.item, event.quantity, event.unitPrice, total])
      rows = await mysql.query('SELECT id, total FROM orders WHERE id = ?', [inserted.insertId])
    } catch (e) {
      if (e.code !== 'ER_DUP_ENTRY') throw e
      status = 'replayed'
      rows = await mysql.query('SELECT id, total FROM orders WHERE idempotency_key = ? LOCK IN SHARE MODE', [event.idempotencyKey])
    }
    await mysql.query('COMMIT')
    return { status, order: { id: rows[0].id, total: rows[0].total } }
  } catch (e) {
    try { await mysql.query('ROLLBACK') } catch (ignored) { }
    throw e
  }
}

function errorDocument (e) {
  const code = e.code ? ` [${e.code}${e.errno ? ' ' + e.errno : ''}]` : ''
  return JSON.stringify({ errorType: e.name || 'Error', errorMessage: String(e.message) + code })
}

async function loop () {
  for (;;) {
    const next = await call('GET', '/invocation/next')
    const requestId = next.headers['lambda-runtime-aws-request-id']
    let answer
    try {
      const result = await placeOrder(JSON.parse(next.body))
      await mysql.end()
      answer = call('POST', `/invocation/${requestId}/response`, JSON.stringify(result))
    } catch (e) {
      try { await mysql.end() } catch (ignored) { }
      answer = call('POST', `/invocation/${requestId}/error`, errorDocument(e))
    }
    await answer
  }
}

loop().catch(async e => {
  try { await call('POST', '/init/error', errorDocument(e)) } finally { process.exit(1) }
})
