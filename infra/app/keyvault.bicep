// Key Vault for the app's secrets, read through Key Vault references in app settings
// (@Microsoft.KeyVault(SecretUri=...)) with the app's managed identity. RBAC only, no access policies.
// A secret left empty here is set after deployment (docs/deploy.md); the reference resolves once it exists.

param name string
param location string
param tags object = {}

@description('Keep deleted vaults purge-protected (recommended in production; cannot be turned off again).')
param enablePurgeProtection bool

@description('Secrets to store now, by secret name. Empty values are skipped.')
@secure()
param secrets object

var secretNames = filter(objectKeys(secrets), key => !empty(secrets[key]))

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // ARM rejects 'false' here; leaving it out keeps it off.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for secretName in secretNames: {
    parent: vault
    name: secretName
    properties: {
      value: secrets[secretName]
    }
  }
]

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
