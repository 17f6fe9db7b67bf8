// The JavaScript reference for bench/verify_shapes.py: Digital Bazaar's VC stack verifies
// every credential file in a folder (eddsa-rdfc-2022, did:key issuers), offline.
//
//   node bench/js/verify.mjs FOLDER      (exit 0 when every credential verifies)
//
// Contexts come from the same bundled files the app uses (resources/contexts), did:key
// documents are built from the key itself, and nothing else can be loaded.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONTEXTS = path.join(ROOT, 'resources', 'contexts');
const INDEX = JSON.parse(fs.readFileSync(path.join(CONTEXTS, 'index.json'), 'utf8')).contexts;
const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const served = new Map();

function remote(url, document) {
  return {contextUrl: null, documentUrl: url, document};
}

async function documentLoader(url) {
  if (INDEX[url]) {
    if (!served.has(url)) {
      const file = path.join(CONTEXTS, INDEX[url].file);
      served.set(url, JSON.parse(fs.readFileSync(file, 'utf8')));
    }
    return remote(url, served.get(url));
  }
  if (url.startsWith('did:key:')) {
    const did = url.split('#')[0];
    const key = did.slice('did:key:'.length);
    const id = `${did}#${key}`;
    const method = {id, type: 'Multikey', controller: did, publicKeyMultibase: key};
    if (url.includes('#')) {
      return remote(url, {'@context': MULTIKEY_V1, ...method});
    }
    return remote(url, {
      '@context': [DID_V1, MULTIKEY_V1],
      id: did,
      verificationMethod: [method],
      assertionMethod: [id],
      authentication: [id],
    });
  }
  throw new Error(`${url} is not available offline`);
}

const folder = process.argv[2];
const suite = new DataIntegrityProof({cryptosuite});
let failed = 0;
for (const name of fs.readdirSync(folder).sort()) {
  if (!name.endsWith('.json')) {
    continue;
  }
  const credential = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'));
  const result = await vc.verifyCredential({credential, suite, documentLoader});
  if (!result.verified) {
    failed += 1;
    if (failed <= 3) {
      const error = result.error?.errors?.[0] ?? result.error;
      console.error(`${name}: ${error?.message ?? JSON.stringify(result)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
